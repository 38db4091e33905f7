package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Model>DionysusPublisher}: the outbox rows of a model's events, one per topic (and genesis twin),
 * with the payload serialized now, the key {@code <Model>:<id>} and the partition key read now.
 */
final class PublisherGenerator {

    private static final String MODEL = "model";

    private final GeneratedTypes generatedTypes;

    PublisherGenerator(GeneratedTypes generatedTypes) {
        this.generatedTypes = generatedTypes;
    }

    JavaFile generate(ModelDescriptor model) {
        ClassName self = model.publisherClass();
        TypeName entries = ParameterizedTypeName.get(ClassName.get(List.class), RuntimeNames.OUTBOX_ENTRY);
        TypeName strings = ParameterizedTypeName.get(List.class, String.class);

        TypeSpec type = generatedTypes.annotate(TypeSpec.classBuilder(self))
                .addJavadoc("Outbox writer for {@link $T}: call it inside the transaction that changes the model.\n",
                        model.modelClass())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(RuntimeNames.PUBLISHER, model.modelClass()))
                .addOriginatingElement(model.element())
                .addField(FieldSpec.builder(model.serializerClass(), "SERIALIZER", Modifier.PRIVATE,
                                Modifier.STATIC, Modifier.FINAL)
                        .initializer("$T.INSTANCE", model.serializerClass())
                        .build())
                .addField(FieldSpec.builder(strings, "TOPICS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$T.of($L)", List.class, topicList(model))
                        .build())
                .addField(RuntimeNames.OUTBOX, "outbox", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("A publisher writing to {@code outbox}.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .addParameter(RuntimeNames.OUTBOX, "outbox")
                        .addStatement("this.outbox = $T.requireNonNull(outbox, $S)", Objects.class, "outbox")
                        .build())
                .addMethod(MethodSpec.methodBuilder("outbox")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(RuntimeNames.OUTBOX)
                        .addStatement("return outbox")
                        .build())
                .addMethod(MethodSpec.methodBuilder("topics")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(strings)
                        .addStatement("return TOPICS")
                        .build())
                .addMethod(MethodSpec.methodBuilder("entries")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(entries)
                        .addParameter(RuntimeNames.EVENT, "event")
                        .addParameter(model.modelClass(), MODEL)
                        .addStatement("$T eventName = event.eventName(SERIALIZER.eventPrefix())", String.class)
                        .addStatement("$T payload = $T.single(eventName, SERIALIZER, $N, event == $T.DESTROYED)",
                                String.class, RuntimeNames.ENVELOPE, MODEL, RuntimeNames.EVENT)
                        .addStatement("return rows($N, eventName, payload)", MODEL)
                        .build())
                .addMethod(MethodSpec.methodBuilder("tombstoneEntries")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(entries)
                        .addParameter(model.modelClass(), MODEL)
                        .addStatement("return rows($N, SERIALIZER.eventPrefix() + $S, null)", MODEL, "_tombstone")
                        .build())
                .addMethod(rowsMethod(model, entries))
                .build();
        return GeneratedTypes.file(self.packageName(), type);
    }

    private static CodeBlock topicList(ModelDescriptor model) {
        List<CodeBlock> topics = new ArrayList<>();
        for (TopicModel topic : model.topics()) {
            topics.add(CodeBlock.of("$S", topic.topic()));
            if (topic.genesisReplica()) {
                topics.add(CodeBlock.of("$S", topic.genesisTopic()));
            }
        }
        return CodeBlock.join(topics, ", ");
    }

    private static MethodSpec rowsMethod(ModelDescriptor model, TypeName entries) {
        List<CodeBlock> rows = new ArrayList<>();
        for (TopicModel topic : model.topics()) {
            CodeBlock partitionKey = partitionKey(topic.partitionKeyProperty());
            rows.add(row(model, topic.topic(), partitionKey));
            if (topic.genesisReplica()) {
                rows.add(row(model, topic.genesisTopic(), partitionKey));
            }
        }
        return MethodSpec.methodBuilder("rows")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(entries)
                .addParameter(model.modelClass(), MODEL)
                .addParameter(String.class, "eventName")
                .addParameter(String.class, "payload")
                .addStatement("$T id = SERIALIZER.id($N)", String.class, MODEL)
                .addStatement("$T key = $S + id", String.class, model.modelName() + ":")
                .addStatement("return $T.of(\n$>$L$<)", List.class, CodeBlock.join(rows, ",\n"))
                .build();
    }

    private static CodeBlock row(ModelDescriptor model, String topic, CodeBlock partitionKey) {
        return CodeBlock.of("new $T($S, id, eventName, $S, $L, key, payload, null)", RuntimeNames.OUTBOX_ENTRY,
                model.modelName(), topic, partitionKey);
    }

    private static CodeBlock partitionKey(PropertyModel property) {
        if (property == null) {
            return CodeBlock.of("null");
        }
        CodeBlock read = property.accessor().read(MODEL);
        if (property.type().getKind().isPrimitive()) {
            return CodeBlock.of("$T.valueOf($L)", String.class, read);
        }
        return CodeBlock.of("$T.keyText($L)", RuntimeNames.MODEL_SUPPORT, read);
    }
}
