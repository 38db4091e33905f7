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
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;

/**
 * Writes {@code <Model>DionysusPublisher}: the model's own facts as a {@code PublishedModel} constant (topics with
 * their twins, sideloads, partition key and tombstone value; the soft-delete member; the {@code with} parents it
 * republishes and the observers it triggers, with how to reach them) over the runtime's {@code DionysusPublisher},
 * which holds the publishing path itself.
 */
final class PublisherGenerator {

    private static final String MODEL = "model";

    private final GeneratedTypes generatedTypes;

    PublisherGenerator(GeneratedTypes generatedTypes) {
        this.generatedTypes = generatedTypes;
    }

    JavaFile generate(ModelDescriptor model) {
        ClassName self = model.publisherClass();
        TypeSpec.Builder type = generatedTypes.annotate(TypeSpec.classBuilder(self))
                .addJavadoc("Outbox writer for {@link $T}: call it inside the transaction that changes the model.\n",
                        model.modelClass())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(ParameterizedTypeName.get(RuntimeNames.PUBLISHER, model.modelClass()))
                .addOriginatingElement(model.element())
                .addField(FieldSpec.builder(ParameterizedTypeName.get(RuntimeNames.PUBLISHED_MODEL,
                                model.modelClass()), "MODEL", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("What {@link $T} publishes: topics, keys, parents and observers.\n",
                                model.modelClass())
                        .initializer(description(model))
                        .build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("A publisher writing to {@code outbox}.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .addParameter(RuntimeNames.OUTBOX, "outbox")
                        .addStatement("super(outbox, MODEL)")
                        .build());
        int index = 0;
        for (ObserverEdge observer : model.observers()) {
            type.addMethod(observerPath(model, observer, index++));
        }
        return GeneratedTypes.file(self.packageName(), type.build());
    }

    private static CodeBlock description(ModelDescriptor model) {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("$T.builder($T.INSTANCE)", RuntimeNames.PUBLISHED_MODEL, model.serializerClass())
                .indent().indent();
        for (TopicModel topic : model.topics()) {
            List<CodeBlock> options = topicOptions(model, topic);
            if (options.isEmpty()) {
                code.add("\n.topic($S)", topic.topic());
            } else {
                code.add("\n.topic($S, topic -> topic.$L)", topic.topic(), CodeBlock.join(options, "."));
            }
        }
        PropertyModel softDelete = model.softDelete();
        if (softDelete != null) {
            code.add("\n.softDelete($N -> $L, $L, $L)", MODEL, deleted(softDelete), model.publishUpdatesWhenDeleted(),
                    quoted(List.of(softDelete.javaName(), softDelete.wireName())));
        }
        for (ParentEdge parent : model.parents()) {
            code.add("\n.$L(() -> $T.MODEL, $N -> $L, $L)", parent.toMany() ? "parents" : "parent",
                    parent.parentPublisher(), MODEL, parent.association().read(MODEL), quoted(parent.topics()));
        }
        int index = 0;
        for (ObserverEdge observer : model.observers()) {
            code.add("\n.observer(() -> $T.MODEL, $T.of($L), $T::$N, $L)", observer.observerPublisher(), Set.class,
                    quoted(observer.attributes().stream().distinct().toList()), model.publisherClass(),
                    observerMethod(index++), quoted(observer.topics()));
        }
        return code.add("\n.build()").unindent().unindent().build();
    }

    private static List<CodeBlock> topicOptions(ModelDescriptor model, TopicModel topic) {
        List<CodeBlock> options = new ArrayList<>();
        int sideloads = model.sideloadMask(topic);
        if (sideloads != 0) {
            options.add(CodeBlock.of("sideloads($L)", sideloads));
        }
        if (topic.genesisReplica()) {
            options.add(CodeBlock.of("genesisReplica()"));
        }
        if (topic.rubyPartitioning()) {
            options.add(CodeBlock.of("rubyPartitioning()"));
        }
        if (topic.jsonNullTombstone()) {
            options.add(CodeBlock.of("jsonNullTombstone()"));
        }
        PropertyModel partitionKey = topic.partitionKeyProperty();
        if (partitionKey != null) {
            options.add(CodeBlock.of("$L($N -> $L)", topic.partitionKeyResolver() ? "partitionKeyResolver"
                    : "partitionKey", MODEL, partitionKey.accessor().read(MODEL)));
        }
        return options;
    }

    /** Whether the model is soft-deleted now: its soft-delete member is set (true, for a boolean). */
    private static CodeBlock deleted(PropertyModel member) {
        CodeBlock read = member.accessor().read(MODEL);
        if (member.type().getKind() == TypeKind.BOOLEAN) {
            return read;
        }
        if (member.valueType() != null && member.valueType().kind() == ValueType.Kind.BOOLEAN) {
            return CodeBlock.of("$T.TRUE.equals($L)", Boolean.class, read);
        }
        return CodeBlock.of("$L != null", read);
    }

    private static String observerMethod(int index) {
        return "observers" + index;
    }

    /** The observers one path reaches from a model, null links and null elements skipped. */
    private static MethodSpec observerPath(ModelDescriptor model, ObserverEdge observer, int index) {
        TypeName list = ParameterizedTypeName.get(ClassName.get(List.class), observer.observerClass());
        MethodSpec.Builder method = MethodSpec.methodBuilder(observerMethod(index))
                .addJavadoc("The {@link $T} records observing {@code model}'s $L.\n", observer.observerClass(),
                        String.join(", ", observer.attributes().stream().distinct().toList()))
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(list)
                .addParameter(model.modelClass(), MODEL)
                .addStatement("$T reached = new $T<>()", list, ArrayList.class);
        step(method, observer, 0, MODEL);
        return method.addStatement("return reached").build();
    }

    private static void step(MethodSpec.Builder method, ObserverEdge observer, int i, String current) {
        if (i == observer.steps().size()) {
            method.addStatement("reached.add($N)", current);
            return;
        }
        ObserverEdge.Step step = observer.steps().get(i);
        String local = "step" + i;
        method.addStatement("$T $N = $L", step.declaredType(), local, step.accessor().read(current));
        method.beginControlFlow("if ($N != null)", local);
        if (step.toMany()) {
            String element = "each" + i;
            method.beginControlFlow("for ($T $N : $N)", step.elementType(), element, local);
            step(method, observer, i + 1, element);
            method.endControlFlow();
        } else {
            step(method, observer, i + 1, local);
        }
        method.endControlFlow();
    }

    private static CodeBlock quoted(List<String> values) {
        return CodeBlock.join(values.stream().map(v -> CodeBlock.of("$S", v)).toList(), ", ");
    }
}
