package io.dionysus.processor;

import io.dionysus.runtime.naming.Inflector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;

/**
 * Validate phase: every problem of one model, one per cause. A model is generated only when the list is empty;
 * the other models of the round are validated and generated regardless.
 */
final class ModelValidator {

    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");

    List<Problem> validate(ModelDescriptor model) {
        List<Problem> problems = new ArrayList<>();
        TypeElement type = model.element();
        AnnotationMirror firstTopic = model.topics().isEmpty() ? null : model.topics().get(0).mirror();
        String kindProblem = kindProblem(type);
        if (kindProblem != null) {
            // nothing else is worth reporting on a class we could never generate code for
            problems.add(Problem.onAnnotation(Messages.INVALID_MODEL_KIND, type, firstTopic, null, "DionysusTopic",
                    type.getQualifiedName(), kindProblem));
            return problems;
        }
        javax.lang.model.element.AnnotationMirror softDelete = Annotations.find(type, ModelScanner.SOFT_DELETE);
        if (softDelete != null && model.softDelete() == null) {
            problems.add(Problem.onAnnotation(Messages.SOFT_DELETE_UNKNOWN, type, softDelete,
                    Annotations.explicitAnnotationValue(softDelete, "member"),
                    Annotations.stringValue(softDelete, "member"), model.modelName()));
        }
        validateTopics(model, problems);
        validateAttributes(model, problems);
        validateId(model, problems);
        if (problems.isEmpty() && isEntity(type)) {
            warnFieldReads(model, problems);
        }
        warnNotSideloaded(model, problems);
        return problems;
    }

    /**
     * One warning per relationship whose target a topic lists in {@code with} but which that topic does not
     * sideload because of its name ({@link ModelDescriptor#sideloadMask}).
     */
    private static void warnNotSideloaded(ModelDescriptor model, List<Problem> problems) {
        for (PropertyModel relationship : model.relationships()) {
            if (relationship.relationship() == null) {
                continue;
            }
            for (TopicModel topic : model.topics()) {
                List<TypeElement> reached = topic.with().stream()
                        .filter(relationship.relationship()::reaches).toList();
                if (reached.isEmpty() || ModelDescriptor.sideloaded(relationship, topic)) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                reached.forEach(dependency -> ModelDescriptor.includeNames(dependency).forEach(name -> names.add(
                        "\"" + name + "\"")));
                problems.add(Problem.on(Messages.NOT_SIDELOADED, relationship.element(), relationship.wireName(),
                        reached.stream().map(ModelScanner::remoteModelName).collect(
                                java.util.stream.Collectors.joining(", ")),
                        topic.topic(), String.join(" or ", names)));
                break;
            }
        }
    }

    private static boolean isEntity(TypeElement type) {
        return Annotations.find(type, "jakarta.persistence.Entity") != null
                || Annotations.find(type, "javax.persistence.Entity") != null;
    }

    /** One warning per member of an entity that generated code reads through a field instead of a getter. */
    private static void warnFieldReads(ModelDescriptor model, List<Problem> problems) {
        Map<String, Element> fieldReads = new java.util.LinkedHashMap<>();
        List<PropertyModel> properties = new ArrayList<>(model.attributes());
        properties.addAll(model.relationships());
        properties.add(model.id());
        model.topics().forEach(topic -> properties.add(topic.partitionKeyProperty()));
        properties.add(model.softDelete());
        for (PropertyModel property : properties) {
            if (property != null && property.accessor() != null && property.accessor().kind() == Accessor.Kind.FIELD) {
                fieldReads.putIfAbsent(property.accessor().name(), property.element());
            }
        }
        for (ParentEdge parent : model.parents()) {
            if (parent.association().kind() == Accessor.Kind.FIELD) {
                fieldReads.putIfAbsent(parent.association().name(), model.element());
            }
        }
        for (ObserverEdge observer : model.observers()) {
            ObserverEdge.Step first = observer.steps().isEmpty() ? null : observer.steps().get(0);
            if (first != null && first.accessor().kind() == Accessor.Kind.FIELD) {
                fieldReads.putIfAbsent(first.accessor().name(), model.element());
            }
        }
        fieldReads.forEach((name, element) -> {
            boolean isBoolean = element.asType().getKind() == TypeKind.BOOLEAN;
            problems.add(Problem.on(Messages.ENTITY_FIELD_READ, element, name, model.modelName(),
                    Naming.getterName(name, isBoolean)));
        });
    }

    private static String kindProblem(TypeElement type) {
        if (type.getKind() == ElementKind.INTERFACE) {
            return "an interface";
        }
        if (type.getKind() == ElementKind.ENUM) {
            return "an enum";
        }
        if (type.getKind() == ElementKind.ANNOTATION_TYPE) {
            return "an annotation type";
        }
        if (type.getModifiers().contains(Modifier.ABSTRACT)) {
            return "an abstract class";
        }
        for (Element current = type; current instanceof TypeElement; current = current.getEnclosingElement()) {
            if (current.getModifiers().contains(Modifier.PRIVATE)) {
                return current == type ? "private" : "inside a private class";
            }
            if (current.getEnclosingElement() instanceof TypeElement && current.getKind() == ElementKind.CLASS
                    && !current.getModifiers().contains(Modifier.STATIC)) {
                return "a non-static nested class";
            }
        }
        if (type.getEnclosingElement().getKind() != ElementKind.PACKAGE
                && !(type.getEnclosingElement() instanceof TypeElement)) {
            return "a local class";
        }
        return null;
    }

    private static void validateTopics(ModelDescriptor model, List<Problem> problems) {
        Set<String> seen = new HashSet<>();
        String firstModelName = null;
        for (TopicModel topic : model.topics()) {
            javax.lang.model.element.AnnotationValue modelName =
                    Annotations.explicitAnnotationValue(topic.mirror(), "modelName");
            if (modelName != null && modelName.getValue() instanceof String name) {
                if (!Inflector.isModelName(name)) {
                    problems.add(Problem.onAnnotation(Messages.INVALID_MODEL_NAME, model.element(), topic.mirror(),
                            modelName, name));
                } else if (firstModelName == null) {
                    firstModelName = name;
                } else if (!firstModelName.equals(name)) {
                    problems.add(Problem.onAnnotation(Messages.CONFLICTING_MODEL_NAME, model.element(),
                            topic.mirror(), modelName, name, firstModelName, model.element().getSimpleName()));
                }
            }
            String reason = topicNameProblem(topic.namespace(), topic.name());
            if (reason != null) {
                String attribute = topic.namespace().isEmpty() || !LEGAL_TOPIC.matcher(topic.namespace()).matches()
                        ? "namespace" : "name";
                problems.add(Problem.onAnnotation(Messages.INVALID_TOPIC_NAME, model.element(), topic.mirror(),
                        Annotations.explicitAnnotationValue(topic.mirror(), attribute), topic.topic(), reason));
                continue;
            }
            if (!seen.add(topic.topic())) {
                problems.add(Problem.onAnnotation(Messages.DUPLICATE_TOPIC, model.element(), topic.mirror(),
                        Annotations.explicitAnnotationValue(topic.mirror(), "name"), topic.topic(), model.modelName()));
            }
            for (TypeElement dependency : topic.with()) {
                boolean related = model.relationships().stream()
                        .anyMatch(r -> r.relationship().reaches(dependency));
                if (!related) {
                    problems.add(Problem.onAnnotation(Messages.WITH_NOT_RELATED, model.element(), topic.mirror(),
                            topic.withValue(), dependency.getSimpleName(), model.modelName(),
                            dependency.getSimpleName()));
                }
            }
            if (topic.partitionKey().contains("\u0000")) {
                problems.add(Problem.onAnnotation(Messages.PARTITION_KEY_AND_RESOLVER, model.element(),
                        topic.mirror(), topic.partitionKeyValue(), topic.topic()));
            } else if (topic.partitionKeyResolver() && topic.partitionKeyProperty() == null) {
                problems.add(Problem.onAnnotation(Messages.MISSING_PARTITION_KEY_RESOLVER, model.element(),
                        topic.mirror(), topic.partitionKeyValue(), topic.partitionKey(), model.modelName()));
            } else if (!topic.partitionKey().isEmpty() && topic.partitionKeyProperty() == null) {
                problems.add(Problem.onAnnotation(Messages.MISSING_PARTITION_KEY, model.element(), topic.mirror(),
                        topic.partitionKeyValue(), topic.partitionKey(), model.modelName()));
            }
        }
    }

    /** Why {@code <namespace>_<name>} is not a legal Kafka topic (and genesis twin) name, or {@code null}. */
    static String topicNameProblem(String namespace, String name) {
        if (namespace.isEmpty()) {
            return "the namespace is empty";
        }
        if (name.isEmpty()) {
            return "the name is empty";
        }
        String topic = namespace + "_" + name + "_genesis";
        if (!LEGAL_TOPIC.matcher(namespace + name).matches()) {
            return "it contains a character other than letters, digits, '.', '_' and '-'";
        }
        if (topic.length() > 249) {
            return "it is longer than 249 characters with its _genesis suffix";
        }
        return null;
    }

    private static void validateAttributes(ModelDescriptor model, List<Problem> problems) {
        Map<String, PropertyModel> byWireName = new HashMap<>();
        List<PropertyModel> properties = new java.util.ArrayList<>(model.attributes());
        properties.addAll(model.relationships());
        for (PropertyModel attribute : properties) {
            if (attribute.problem() != null) {
                problems.add(accessProblem(attribute));
                continue;
            }
            if (attribute.valueType() == null && attribute.relationship() == null) {
                problems.add(Problem.on(Messages.UNSUPPORTED_TYPE, attribute.element(), attribute.javaName(),
                        attribute.type()));
                continue;
            }
            if (attribute.wireName().equals("links")) {
                problems.add(Problem.on(Messages.RESERVED_WIRE_NAME, attribute.element(), attribute.javaName()));
                continue;
            }
            PropertyModel previous = byWireName.putIfAbsent(attribute.wireName(), attribute);
            if (previous != null) {
                problems.add(Problem.on(Messages.DUPLICATE_WIRE_NAME, attribute.element(), attribute.wireName(),
                        previous.element().getSimpleName()));
            }
        }
    }

    private static Problem accessProblem(PropertyModel property) {
        if (property.problem() == Messages.NOT_READABLE || property.problem() == Messages.LOMBOK_NOT_RUN) {
            boolean isBoolean = property.type().getKind() == TypeKind.BOOLEAN;
            return Problem.on(property.problem(), property.element(), property.javaName(),
                    Naming.getterName(property.javaName(), isBoolean));
        }
        return Problem.on(property.problem(), property.element(), property.element().getSimpleName());
    }

    private static void validateId(ModelDescriptor model, List<Problem> problems) {
        PropertyModel id = model.id();
        List<String> idMembers = ModelScanner.idMembers(model.element());
        if (idMembers.size() > 1) {
            problems.add(Problem.on(Messages.COMPOSITE_ID, model.element(), model.modelName(),
                    String.join(", ", idMembers)));
        } else if (id == null) {
            problems.add(Problem.on(Messages.NO_ID, model.element(), model.modelName()));
        } else if (id.problem() != null) {
            problems.add(accessProblem(id));
        } else if (id.valueType() == null || !id.valueType().canBeId()) {
            problems.add(Problem.on(Messages.UNSUPPORTED_ID_TYPE, id.element(), id.javaName(), id.type()));
        }
    }
}
