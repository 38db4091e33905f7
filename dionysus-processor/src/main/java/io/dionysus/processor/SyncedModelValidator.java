package io.dionysus.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/** Validate phase for {@code @SyncedModel} classes and {@code @DionysusConsumerTopic} declarations. */
final class SyncedModelValidator {

    private static final Set<ValueType.Kind> SUPPORTED = Set.of(ValueType.Kind.STRING, ValueType.Kind.BOOLEAN,
            ValueType.Kind.SHORT, ValueType.Kind.INT, ValueType.Kind.LONG, ValueType.Kind.DOUBLE,
            ValueType.Kind.BIG_INTEGER, ValueType.Kind.BIG_DECIMAL, ValueType.Kind.INSTANT,
            ValueType.Kind.OFFSET_DATE_TIME, ValueType.Kind.ZONED_DATE_TIME, ValueType.Kind.LOCAL_DATE_TIME,
            ValueType.Kind.LOCAL_DATE, ValueType.Kind.UUID, ValueType.Kind.ENUM, ValueType.Kind.BYTES);
    static final Set<ValueType.Kind> TIMES = Set.of(ValueType.Kind.INSTANT, ValueType.Kind.OFFSET_DATE_TIME,
            ValueType.Kind.ZONED_DATE_TIME, ValueType.Kind.LOCAL_DATE_TIME);

    List<Problem> validate(SyncedModelDescriptor model) {
        List<Problem> problems = new ArrayList<>();
        TypeElement type = model.element();
        String kindProblem = kindProblem(type);
        if (kindProblem != null) {
            problems.add(Problem.onAnnotation(Messages.INVALID_MODEL_KIND, type, model.mirror(), null, "SyncedModel",
                    type.getQualifiedName(), kindProblem));
            return problems;
        }
        javax.lang.model.element.AnnotationValue remoteName =
                Annotations.explicitAnnotationValue(model.mirror(), "value");
        if (remoteName != null && remoteName.getValue() instanceof String name
                && !io.dionysus.runtime.naming.Inflector.isModelName(name)) {
            // the producer writes only such names (a message's model_name, a polymorphic type); a sideload's
            // relationship name is matched through its classified form, so no lower-case form is needed
            problems.add(Problem.onAnnotation(Messages.INVALID_MODEL_NAME, type, model.mirror(), remoteName, name));
        }
        if (!model.hasNoArgConstructor()) {
            problems.add(Problem.on(Messages.NO_CONSTRUCTOR, type, type.getSimpleName()));
        }
        for (String role : model.unknownRoles()) {
            problems.add(Problem.onAnnotation(Messages.UNKNOWN_SYNCED_MEMBER, type, model.mirror(),
                    Annotations.explicitAnnotationValue(model.mirror(), role), role,
                    Annotations.stringValue(model.mirror(), role), type.getSimpleName()));
        }
        if (model.role(SyncedModelDescriptor.SYNCED_ID) == null
                && !model.unknownRoles().contains(SyncedModelDescriptor.SYNCED_ID)) {
            problems.add(Problem.onAnnotation(Messages.NO_SYNCED_ID, type, model.mirror(), null,
                    type.getSimpleName(), SyncedModelDescriptor.SYNCED_ID));
        }
        Map<String, SyncedMemberModel> byAttribute = new HashMap<>();
        for (SyncedMemberModel member : model.members()) {
            Problem problem = memberProblem(model, member);
            if (problem != null) {
                problems.add(problem);
                continue;
            }
            SyncedMemberModel previous = member.generatedId() || member == model.role(SyncedModelDescriptor.SYNCED_DATA)
                    ? null : byAttribute.putIfAbsent(member.attribute(), member);
            if (previous != null) {
                problems.add(Problem.on(Messages.DUPLICATE_SYNCED_ATTRIBUTE, member.field(), member.attribute(),
                        previous.javaName(), member.javaName()));
            }
        }
        return problems;
    }

    private static Problem memberProblem(SyncedModelDescriptor model, SyncedMemberModel member) {
        if (member.attribute().isBlank()) {
            return Problem.on(Messages.EMPTY_SYNCED_ATTRIBUTE, member.field(), member.javaName());
        }
        if (member.valueType() == null || !SUPPORTED.contains(member.valueType().kind())) {
            return Problem.on(Messages.UNSUPPORTED_SYNCED_TYPE, member.field(), member.javaName(),
                    member.field().asType());
        }
        if (!member.writable()) {
            return Problem.on(Messages.SYNCED_NOT_WRITABLE, member.field(), member.javaName(),
                    "set" + Character.toUpperCase(member.javaName().charAt(0)) + member.javaName().substring(1));
        }
        if (member.getter() == null) {
            return Problem.on(Messages.NOT_READABLE, member.field(), member.javaName(),
                    Naming.getterName(member.javaName(), member.valueType().kind() == ValueType.Kind.BOOLEAN
                            && member.valueType().primitive()));
        }
        if (member == model.role(SyncedModelDescriptor.SYNCED_DATA)
                && member.valueType().kind() != ValueType.Kind.STRING) {
            return Problem.on(Messages.SYNCED_ROLE_TYPE, member.field(), member.javaName(), "attributes (synced_data)",
                    "a String");
        }
        for (String role : List.of(SyncedModelDescriptor.SYNCED_CREATED_AT, SyncedModelDescriptor.SYNCED_UPDATED_AT,
                SyncedModelDescriptor.SYNCED_CANCELED_AT)) {
            if (member == model.role(role) && !TIMES.contains(member.valueType().kind())) {
                return Problem.on(Messages.SYNCED_ROLE_TYPE, member.field(), member.javaName(),
                        Naming.underscore(role).substring("synced_".length()),
                        "an Instant, OffsetDateTime, ZonedDateTime or LocalDateTime");
            }
        }
        return null;
    }

    private static String kindProblem(TypeElement type) {
        if (type.getKind() == ElementKind.RECORD) {
            return "a record (synced models are updated in place; use a class)";
        }
        if (type.getKind() != ElementKind.CLASS) {
            return "an " + type.getKind().toString().toLowerCase().replace('_', ' ');
        }
        if (type.getModifiers().contains(Modifier.ABSTRACT)) {
            return "an abstract class";
        }
        if (type.getModifiers().contains(Modifier.PRIVATE)) {
            return "private";
        }
        if (type.getEnclosingElement() instanceof TypeElement && !type.getModifiers().contains(Modifier.STATIC)) {
            return "a non-static nested class";
        }
        return null;
    }

    /** Problems of one consumed topic declaration. */
    List<Problem> validate(ConsumerTopicModel topic) {
        List<Problem> problems = new ArrayList<>();
        String reason = ModelValidator.topicNameProblem(topic.namespace(), topic.name());
        if (reason != null) {
            String attribute = topic.namespace().isEmpty() ? "namespace" : "name";
            problems.add(Problem.onAnnotation(Messages.INVALID_TOPIC_NAME, topic.element(), topic.mirror(),
                    Annotations.explicitAnnotationValue(topic.mirror(), attribute), topic.topic(), reason));
        } else if (!topic.deadLetterTopic().isEmpty()
                && ModelValidator.topicNameProblem(topic.deadLetterTopic(), "x") != null) {
            problems.add(Problem.onAnnotation(Messages.INVALID_TOPIC_NAME, topic.element(), topic.mirror(),
                    Annotations.explicitAnnotationValue(topic.mirror(), "deadLetterTopic"), topic.deadLetterTopic(),
                    ModelValidator.topicNameProblem(topic.deadLetterTopic(), "x")));
        }
        return problems;
    }
}
