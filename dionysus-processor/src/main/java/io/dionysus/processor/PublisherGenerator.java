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
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Model>DionysusPublisher}: the outbox rows of a model's events, one per topic (and genesis twin),
 * with the payload serialized now, the key {@code <Model>:<id>} and the partition key read now; plus the
 * {@code <parent>_updated} rows of the models this one is a {@code with} dependency of.
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

        TypeSpec.Builder type = generatedTypes.annotate(TypeSpec.classBuilder(self))
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
                        .initializer("$T.of($L)", List.class, quoted(allTopics(model)))
                        .build())
                .addField(FieldSpec.builder(strings, "PRIMARY_TOPICS", Modifier.PRIVATE, Modifier.STATIC,
                                Modifier.FINAL)
                        .initializer("$T.of($L)", List.class, quoted(model.topics().stream()
                                .map(TopicModel::topic).toList()))
                        .build())
                .addField(RuntimeNames.OUTBOX, "outbox", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("A publisher writing to {@code outbox}.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .addParameter(RuntimeNames.OUTBOX, "outbox")
                        .addStatement("this.outbox = $T.requireNonNull(outbox, $S)", Objects.class, "outbox")
                        .build())
                .addMethod(override("outbox", RuntimeNames.OUTBOX).addStatement("return outbox").build())
                .addMethod(override("topics", strings).addStatement("return TOPICS").build())
                .addMethod(entriesMethod(model, entries))
                .addMethod(updatedEntriesMethod(model, entries))
                .addMethod(override("genesisEntries", entries)
                        .addParameter(model.modelClass(), MODEL)
                        .addStatement("$T rows = new $T<>()", entries, ArrayList.class)
                        .beginControlFlow("for ($T topic : PRIMARY_TOPICS)", String.class)
                        .addStatement("rows.addAll(rowsFor($T.UPDATED, $N, topic, true))", RuntimeNames.EVENT, MODEL)
                        .endControlFlow()
                        .addStatement("return rows")
                        .build())
                .addMethod(tombstoneMethod(model, entries))
                .addMethod(rowsForMethod(model, entries));
        if (!model.parents().isEmpty()) {
            type.addMethod(addParentsMethod(model, entries));
        }
        if (!model.observers().isEmpty()) {
            type.addMethod(addObserversMethod(model, entries));
        }
        return GeneratedTypes.file(self.packageName(), type.build());
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }

    private static List<String> allTopics(ModelDescriptor model) {
        List<String> topics = new ArrayList<>();
        for (TopicModel topic : model.topics()) {
            topics.add(topic.topic());
            if (topic.genesisReplica()) {
                topics.add(topic.genesisTopic());
            }
        }
        return topics;
    }

    private static CodeBlock quoted(List<String> values) {
        return CodeBlock.join(values.stream().map(v -> CodeBlock.of("$S", v)).toList(), ", ");
    }

    private static MethodSpec entriesMethod(ModelDescriptor model, TypeName entries) {
        MethodSpec.Builder method = override("entries", entries)
                .addParameter(RuntimeNames.EVENT, "event")
                .addParameter(model.modelClass(), MODEL);
        if (model.softDelete() != null) {
            method.addComment("without the changes, an update of a soft-deleted record republishes it as destroyed")
                    .beginControlFlow("if (event == $T.UPDATED && $L)", RuntimeNames.EVENT, deleted(model))
                    .addStatement("event = $T.CANCELED", RuntimeNames.EVENT)
                    .endControlFlow();
        }
        method.addStatement("$T rows = new $T<>()", entries, ArrayList.class)
                .beginControlFlow("for ($T topic : PRIMARY_TOPICS)", String.class)
                .addStatement("rows.addAll(rowsFor(event, $N, topic, false))", MODEL)
                .endControlFlow();
        related(method, model, "null");
        return method.addStatement("return rows").build();
    }

    /** The calls adding parents' and observers' rows, where the model has any. */
    private static void related(MethodSpec.Builder method, ModelDescriptor model, String changed) {
        if (!model.parents().isEmpty()) {
            method.addStatement("addParents(rows, $N)", MODEL);
        }
        if (!model.observers().isEmpty()) {
            method.addStatement("addObservers(rows, $N, $L)", MODEL, changed);
        }
    }

    private static MethodSpec updatedEntriesMethod(ModelDescriptor model, TypeName entries) {
        MethodSpec.Builder method = override("updatedEntries", entries)
                .addParameter(model.modelClass(), MODEL)
                .addParameter(ParameterizedTypeName.get(Set.class, String.class), "changed")
                .beginControlFlow("if (changed.isEmpty())")
                .addStatement("return $T.of()", List.class)
                .endControlFlow()
                .addStatement("$T rows = new $T<>()", entries, ArrayList.class)
                .addStatement("$T event = $T.UPDATED", RuntimeNames.EVENT, RuntimeNames.EVENT);
        PropertyModel softDelete = model.softDelete();
        if (softDelete != null) {
            method.addComment("the gem's soft-delete table: set -> destroyed, cleared -> created")
                    .beginControlFlow("if ($T.changedAny(changed, $S, $S))", RuntimeNames.MODEL_SUPPORT,
                            softDelete.javaName(), softDelete.wireName())
                    .addStatement("event = $L ? $T.CANCELED : $T.CREATED", deleted(model), RuntimeNames.EVENT,
                            RuntimeNames.EVENT);
            if (!model.publishUpdatesWhenDeleted()) {
                method.nextControlFlow("else if ($L)", deleted(model))
                        .addComment("a soft-deleted record that changed is not published");
                if (!model.observers().isEmpty()) {
                    method.addStatement("addObservers(rows, $N, changed)", MODEL);
                }
                method.addStatement("return rows");
            }
            method.endControlFlow();
        }
        method.beginControlFlow("for ($T topic : PRIMARY_TOPICS)", String.class)
                .addStatement("rows.addAll(rowsFor(event, $N, topic, false))", MODEL)
                .endControlFlow();
        related(method, model, "changed");
        return method.addStatement("return rows").build();
    }

    /** Whether the model is soft-deleted now: its soft-delete member is set (true, for a boolean). */
    private static CodeBlock deleted(ModelDescriptor model) {
        PropertyModel member = model.softDelete();
        CodeBlock read = member.accessor().read(MODEL);
        if (member.type().getKind() == javax.lang.model.type.TypeKind.BOOLEAN) {
            return read;
        }
        if (member.valueType() != null && member.valueType().kind() == ValueType.Kind.BOOLEAN) {
            return CodeBlock.of("$T.TRUE.equals($L)", Boolean.class, read);
        }
        return CodeBlock.of("$L != null", read);
    }

    private static MethodSpec addParentsMethod(ModelDescriptor model, TypeName entries) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("addParents")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(entries, "rows")
                .addParameter(model.modelClass(), MODEL);
        for (ParentEdge parent : model.parents()) {
            String local = "parent" + parent.parentClass().simpleName();
            method.addComment("$L is a with dependency of $L: republish it on $L", model.modelName(),
                    parent.parentClass().simpleName(), String.join(", ", parent.topics()));
            method.addStatement("$T $N = $L", parent.declaredType(), local, parent.association().read(MODEL));
            if (parent.toMany()) {
                method.beginControlFlow("if ($N != null)", local)
                        .beginControlFlow("for ($T parent : $N)", parent.parentClass(), local);
                for (String topic : parent.topics()) {
                    method.addStatement("rows.addAll($T.rowsFor($T.UPDATED, parent, $S, false))",
                            parent.parentPublisher(), RuntimeNames.EVENT, topic);
                }
                method.endControlFlow().endControlFlow();
            } else {
                method.beginControlFlow("if ($N != null)", local);
                for (String topic : parent.topics()) {
                    method.addStatement("rows.addAll($T.rowsFor($T.UPDATED, $N, $S, false))",
                            parent.parentPublisher(), RuntimeNames.EVENT, local, topic);
                }
                method.endControlFlow();
            }
        }
        return method.build();
    }

    private static MethodSpec addObserversMethod(ModelDescriptor model, TypeName entries) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("addObservers")
                .addJavadoc("Republishes the observers of changed attributes; {@code changed == null} means all.\n")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(entries, "rows")
                .addParameter(model.modelClass(), MODEL)
                .addParameter(ParameterizedTypeName.get(Set.class, String.class), "changed");
        int index = 0;
        for (ObserverEdge observer : model.observers()) {
            List<String> names = observer.attributes().stream().distinct().toList();
            method.addComment("$L observes $L of $L", observer.observerClass().simpleName(),
                    String.join(", ", names), model.modelName())
                    .beginControlFlow("if (changed == null || $T.changedAny(changed, $L))", RuntimeNames.MODEL_SUPPORT,
                            quoted(names));
            step(method, observer, 0, MODEL, index++);
            method.endControlFlow();
        }
        return method.build();
    }

    private static void step(MethodSpec.Builder method, ObserverEdge observer, int i, String current, int index) {
        if (i == observer.steps().size()) {
            for (String topic : observer.topics()) {
                method.addStatement("rows.addAll($T.rowsFor($T.UPDATED, $N, $S, false))",
                        observer.observerPublisher(), RuntimeNames.EVENT, current, topic);
            }
            return;
        }
        ObserverEdge.Step step = observer.steps().get(i);
        String local = "observed" + index + "_" + i;
        method.addStatement("$T $N = $L", step.declaredType(), local, step.accessor().read(current));
        method.beginControlFlow("if ($N != null)", local);
        if (step.toMany()) {
            String element = "each" + index + "_" + i;
            method.beginControlFlow("for ($T $N : $N)", step.elementType(), element, local);
            step(method, observer, i + 1, element, index);
            method.endControlFlow();
        } else {
            step(method, observer, i + 1, local, index);
        }
        method.endControlFlow();
    }

    private static MethodSpec tombstoneMethod(ModelDescriptor model, TypeName entries) {
        MethodSpec.Builder method = override("tombstoneEntries", entries).addParameter(model.modelClass(), MODEL);
        if (model.topics().isEmpty()) {
            return method.addStatement("return $T.of()", List.class).build();
        }
        method.addStatement("$T id = SERIALIZER.id($N)", String.class, MODEL)
                .addStatement("$T key = $S + id", String.class, model.modelName() + ":")
                .addStatement("$T eventName = SERIALIZER.eventPrefix() + $S", String.class, "_tombstone");
        List<CodeBlock> rows = new ArrayList<>();
        for (TopicModel topic : model.topics()) {
            CodeBlock payload = topic.jsonNullTombstone() ? CodeBlock.of("$S", "null") : CodeBlock.of("null");
            rows.add(row(model, topic.topic(), partitionKey(topic), payload));
            if (topic.genesisReplica()) {
                rows.add(row(model, topic.genesisTopic(), partitionKey(topic), payload));
            }
        }
        return method.addStatement(rows.isEmpty() ? CodeBlock.of("return $T.of()", List.class)
                : CodeBlock.of("return $T.of(\n$>$L$<)", List.class, CodeBlock.join(rows, ",\n"))).build();
    }

    private static MethodSpec rowsForMethod(ModelDescriptor model, TypeName entries) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("rowsFor")
                .addJavadoc("The rows of one event about {@code model} on one of its topics: the topic's own row and"
                        + " its genesis twin's,\nor only the twin's when {@code genesisOnly}. Dependencies call it to"
                        + " republish this model.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(entries)
                .addParameter(RuntimeNames.EVENT, "event")
                .addParameter(model.modelClass(), MODEL)
                .addParameter(String.class, "topic")
                .addParameter(boolean.class, "genesisOnly");
        if (model.topics().isEmpty()) {
            return method.addStatement("throw new $T($S + topic)", IllegalArgumentException.class,
                    model.modelName() + " is published on no topic, not on ").build();
        }
        method.addStatement("$T eventName = event.eventName(SERIALIZER.eventPrefix())", String.class)
                .addStatement("boolean hardDeleted = event == $T.DESTROYED", RuntimeNames.EVENT)
                .addStatement("$T id = SERIALIZER.id($N)", String.class, MODEL)
                .addStatement("$T key = $S + id", String.class, model.modelName() + ":")
                .beginControlFlow("switch (topic)");
        for (TopicModel topic : model.topics()) {
            method.beginControlFlow("case $S ->", topic.topic())
                    .addStatement("$T payload = $T.single(eventName, SERIALIZER, $N, hardDeleted, $L)", String.class,
                            RuntimeNames.ENVELOPE, MODEL, model.sideloadMask(topic));
            CodeBlock own = row(model, topic.topic(), partitionKey(topic), CodeBlock.of("payload"));
            if (topic.genesisReplica()) {
                CodeBlock twin = row(model, topic.genesisTopic(), partitionKey(topic), CodeBlock.of("payload"));
                method.addStatement("return genesisOnly ? $T.of($L)\n$>: $T.of($L,\n$>$L)$<$<", List.class, twin,
                        List.class, own, twin);
            } else {
                method.addStatement("return genesisOnly ? $T.of() : $T.of($L)", List.class, List.class, own);
            }
            method.endControlFlow();
        }
        return method.addStatement("default -> throw new $T($S + topic)", IllegalArgumentException.class,
                        model.modelName() + " is not published on ")
                .endControlFlow()
                .build();
    }

    private static CodeBlock row(ModelDescriptor model, String topic, CodeBlock partitionKey, CodeBlock payload) {
        return CodeBlock.of("new $T($S, id, eventName, $S, $L, key, $L, null)", RuntimeNames.OUTBOX_ENTRY,
                model.modelName(), topic, partitionKey, payload);
    }

    private static CodeBlock partitionKey(TopicModel topic) {
        PropertyModel property = topic.partitionKeyProperty();
        if (property == null) {
            return CodeBlock.of("null");
        }
        CodeBlock read = property.accessor().read(MODEL);
        if (topic.rubyPartitioning()) {
            return CodeBlock.of("$T.rubyKeyText($L)", RuntimeNames.MODEL_SUPPORT, read);
        }
        if (property.type().getKind().isPrimitive()) {
            return CodeBlock.of("$T.valueOf($L)", String.class, read);
        }
        return CodeBlock.of("$T.keyText($L)", RuntimeNames.MODEL_SUPPORT, read);
    }
}
