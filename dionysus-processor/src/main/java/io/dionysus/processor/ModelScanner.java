package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Scan phase: turns a {@code @DionysusTopic} class into a {@link ModelDescriptor}, reading annotations through
 * mirrors only. It records what it cannot resolve (no accessor, unsupported type) for the validator to report.
 */
final class ModelScanner {

    /** Thrown when a member's type is not resolved yet; the processor retries the model in the next round. */
    static final class DeferException extends Exception {
        private static final long serialVersionUID = 1L;

        DeferException() {
            super(null, null, false, false);
        }
    }

    private static final List<String> COLLECTIONS = List.of(
            "java.util.List", "java.util.Set", "java.util.Collection", "java.util.SortedSet");

    private final Elements elements;
    /**
     * {@code getAllMembers} of each type, asked once per property otherwise (javac builds a new scope each time);
     * kept only while one {@code process} call runs ({@link #forgetMembers}), as another processor may change a
     * type between calls.
     */
    private final Map<TypeElement, List<? extends Element>> allMembers = new HashMap<>();
    private final javax.lang.model.util.Types processingTypes;
    private final TypeClassifier classifier;
    private Predicate<TypeElement> isModel = type -> false;
    private java.util.function.Function<TypeElement, List<TypeElement>> polymorphicCandidates = type -> List.of();

    ModelScanner(ProcessingEnvironment env) {
        this.elements = env.getElementUtils();
        this.processingTypes = env.getTypeUtils();
        this.classifier = new TypeClassifier(env);
    }

    /** Scans a model; {@code isModel} tells which types are models, so members of those types are relationships. */
    ModelDescriptor scan(TypeElement type, Predicate<TypeElement> models) throws DeferException {
        return scan(type, models, candidate -> List.of());
    }

    /**
     * As {@link #scan(TypeElement, Predicate)}; {@code candidates} gives the known models assignable to an
     * interface or superclass that is no model itself, so a member of that type is a polymorphic relationship.
     */
    ModelDescriptor scan(TypeElement type, Predicate<TypeElement> models,
            java.util.function.Function<TypeElement, List<TypeElement>> candidates) throws DeferException {
        this.isModel = models;
        this.polymorphicCandidates = candidates;
        List<PropertyModel> properties = new ArrayList<>();
        for (TypeElement owner : hierarchy(type)) {
            for (Element member : owner.getEnclosedElements()) {
                if (Annotations.find(member, RuntimeNames.SERIALIZE) == null) {
                    continue;
                }
                if (member.getKind() == ElementKind.FIELD && owner.getKind() == ElementKind.RECORD) {
                    continue; // a record component's annotation reaches its accessor too; scan that one
                }
                if (member.getKind() == ElementKind.FIELD || member.getKind() == ElementKind.METHOD) {
                    properties.add(attribute(type, member));
                }
            }
        }
        List<PropertyModel> attributes = new ArrayList<>();
        List<PropertyModel> relationships = new ArrayList<>();
        for (PropertyModel property : properties) {
            (property.relationship() != null ? relationships : attributes).add(property);
        }
        ClassName modelClass = ClassName.get(type);
        String modelName = remoteModelName(type);
        AnnotationMirror softDelete = Annotations.find(type, SOFT_DELETE);
        String softDeleteName = softDelete == null ? "canceledAt" : Annotations.stringValue(softDelete, "member");
        Member softDeleteMember = findReadable(type, softDeleteName.contains("_") ? camelize(softDeleteName)
                : softDeleteName);
        boolean publishWhenDeleted = softDelete != null && Boolean.TRUE.equals(Annotations.value(
                elements.getElementValuesWithDefaults(softDelete), "publishUpdatesWhenDeleted").getValue());
        return new ModelDescriptor(type, modelClass, modelName, Naming.underscore(modelName),
                List.copyOf(attributes), id(type), topics(type, attributes), List.copyOf(relationships), List.of(),
                softDeleteMember == null ? null : softDeleteMember.property(softDeleteName, classifier),
                publishWhenDeleted, List.of());
    }

    /**
     * The wire model name: the first {@code @DionysusTopic(modelName)} given (the validator reports names that
     * differ or are no Ruby constant path), else the simple class name.
     */
    static String remoteModelName(TypeElement type) {
        for (AnnotationMirror mirror : Annotations.repeatable(type, RuntimeNames.DIONYSUS_TOPIC,
                RuntimeNames.DIONYSUS_TOPIC_LIST)) {
            String name = Annotations.stringValue(mirror, "modelName");
            if (!name.isEmpty()) {
                return name;
            }
        }
        return type.getSimpleName().toString();
    }

    static final String SOFT_DELETE = "io.dionysus.annotations.SoftDelete";
    static final String OBSERVE = "io.dionysus.annotations.DionysusObserve";
    static final String OBSERVE_LIST = "io.dionysus.annotations.DionysusObserve.List";

    /** The types a model observes with {@code @DionysusObserve} that can be models. */
    static List<TypeElement> observedTypes(TypeElement type) {
        List<TypeElement> result = new ArrayList<>();
        for (AnnotationMirror mirror : Annotations.repeatable(type, OBSERVE, OBSERVE_LIST)) {
            AnnotationValue model = Annotations.explicitAnnotationValue(mirror, "model");
            if (model != null && model.getValue() instanceof DeclaredType declared
                    && isOwnModelCandidate((TypeElement) declared.asElement())) {
                result.add((TypeElement) declared.asElement());
            }
        }
        return result;
    }

    /** A class or record outside the JDK: something the processor can generate a publisher for. */
    static boolean isOwnModelCandidate(TypeElement type) {
        String name = type.getQualifiedName().toString();
        return (type.getKind() == ElementKind.CLASS || type.getKind() == ElementKind.RECORD)
                && !name.startsWith("java.") && !name.startsWith("javax.");
    }

    /**
     * The observer edges {@code observer} declares, each attached to the observed model's name; problems go to
     * {@code problems}.
     */
    Map<TypeElement, List<ObserverEdge>> observers(ModelDescriptor observer, List<Problem> problems) {
        Map<TypeElement, List<ObserverEdge>> edges = new java.util.LinkedHashMap<>();
        ClassName publisher = observer.publisherClass();
        List<String> topics = observer.topics().stream().map(TopicModel::topic).toList();
        for (AnnotationMirror mirror : Annotations.repeatable(observer.element(), OBSERVE, OBSERVE_LIST)) {
            AnnotationValue modelValue = Annotations.explicitAnnotationValue(mirror, "model");
            if (modelValue == null || !(modelValue.getValue() instanceof DeclaredType declared)) {
                continue;
            }
            TypeElement observed = (TypeElement) declared.asElement();
            if (!isOwnModelCandidate(observed)) {
                problems.add(Problem.onAnnotation(Messages.OBSERVE_UNKNOWN_MODEL, observer.element(), mirror,
                        modelValue, observed.getQualifiedName()));
                continue;
            }
            List<String> attributes = new ArrayList<>();
            AnnotationValue attributesValue = Annotations.explicitAnnotationValue(mirror, "attributes");
            boolean valid = true;
            if (attributesValue != null && attributesValue.getValue() instanceof List<?> names) {
                for (Object item : names) {
                    String name = String.valueOf(((AnnotationValue) item).getValue());
                    String javaName = name.contains("_") ? camelize(name) : name;
                    if (findReadable(observed, javaName) == null) {
                        problems.add(Problem.onAnnotation(Messages.OBSERVE_UNKNOWN_ATTRIBUTE, observer.element(),
                                mirror, attributesValue, name, observed.getSimpleName()));
                        valid = false;
                    }
                    attributes.add(javaName);
                    attributes.add(Naming.underscore(javaName));
                }
            }
            String path = Annotations.stringValue(mirror, "path");
            AnnotationValue pathValue = Annotations.explicitAnnotationValue(mirror, "path");
            List<ObserverEdge.Step> steps = new ArrayList<>();
            TypeElement current = observed;
            for (String segment : path.split("\\.", -1)) {
                Member member = segment.isEmpty() ? null : findReadable(current, segment);
                TypeElement next = member == null ? null : stepTarget(member.type);
                if (next == null) {
                    problems.add(Problem.onAnnotation(Messages.OBSERVE_UNKNOWN_PATH, observer.element(), mirror,
                            pathValue, segment, path, current.getSimpleName()));
                    valid = false;
                    break;
                }
                boolean toMany = !(member.type instanceof DeclaredType d && d.asElement().equals(next));
                steps.add(new ObserverEdge.Step(member.accessor, toMany, TypeName.get(member.type),
                        ClassName.get(next)));
                current = next;
            }
            if (valid && !current.equals(observer.element())) {
                problems.add(Problem.onAnnotation(Messages.OBSERVE_PATH_TYPE, observer.element(), mirror, pathValue,
                        path, current.getSimpleName(), observer.modelName()));
                valid = false;
            }
            if (valid) {
                edges.computeIfAbsent(observed, k -> new ArrayList<>()).add(new ObserverEdge(observer.modelClass(),
                        publisher, attributes, steps, topics));
            }
        }
        return edges;
    }

    /** The class a path step leads to: its own class, or its element class for a collection; null otherwise. */
    private static TypeElement stepTarget(TypeMirror type) {
        if (!(type instanceof DeclaredType declared)) {
            return null;
        }
        TypeElement element = (TypeElement) declared.asElement();
        if (COLLECTIONS.contains(element.getQualifiedName().toString())) {
            return declared.getTypeArguments().size() == 1
                    && declared.getTypeArguments().get(0) instanceof DeclaredType argument
                    ? (TypeElement) argument.asElement() : null;
        }
        return element.getQualifiedName().toString().startsWith("java.") ? null : element;
    }

    /** The relationship a member of this type is, or {@code null} when its type is no model (or collection of one). */
    Relationship relationship(TypeMirror type) {
        Relationship relationship = relationship(type, isModel);
        if (relationship != null || !(type instanceof DeclaredType declared)) {
            return relationship;
        }
        // the gem's polymorphic belongs_to: an interface or superclass of known models (to-one only)
        TypeElement element = (TypeElement) declared.asElement();
        String name = element.getQualifiedName().toString();
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jakarta.")) {
            return null;
        }
        List<TypeElement> candidates = polymorphicCandidates.apply(element);
        return candidates.isEmpty() ? null : new Relationship(element, ClassName.get(element), false,
                TypeName.get(type), List.copyOf(candidates));
    }

    private static Relationship relationship(TypeMirror type, Predicate<TypeElement> isModel) {
        if (!(type instanceof DeclaredType declared)) {
            return null;
        }
        TypeElement element = (TypeElement) declared.asElement();
        if (isModel.test(element)) {
            return new Relationship(element, ClassName.get(element), false, TypeName.get(type));
        }
        if (COLLECTIONS.contains(element.getQualifiedName().toString()) && declared.getTypeArguments().size() == 1
                && declared.getTypeArguments().get(0) instanceof DeclaredType argument
                && isModel.test((TypeElement) argument.asElement())) {
            TypeElement target = (TypeElement) argument.asElement();
            return new Relationship(target, ClassName.get(target), true, TypeName.get(type));
        }
        return null;
    }

    /**
     * A readable member of {@code child} leading to {@code parent}: of the parent's type or a collection of it,
     * a {@code @Serialize} relationship first; {@code null} when there is none.
     */
    ParentEdge association(ModelDescriptor child, TypeElement parent, List<String> topics) {
        ClassName parentClass = ClassName.get(parent);
        ClassName publisher = ClassName.get(parentClass.packageName(),
                String.join("_", parentClass.simpleNames()) + "DionysusPublisher");
        for (PropertyModel property : child.relationships()) {
            if (property.relationship().target().equals(parent) && !property.relationship().polymorphic()
                    && property.accessor() != null) {
                return new ParentEdge(parentClass, publisher, property.accessor(), property.relationship().toMany(),
                        property.relationship().declaredType(), topics);
            }
        }
        Predicate<TypeElement> isParent = type -> type.equals(parent);
        List<? extends Element> members = allMembers(child.element());
        // getters first: a Hibernate proxy or an enhanced entity serves only those
        for (ExecutableElement method : ElementFilter.methodsIn(members)) {
            if (visible(method) && method.getParameters().isEmpty()
                    && !method.getSimpleName().contentEquals("getClass")) {
                Relationship relationship = relationship(method.getReturnType(), isParent);
                if (relationship != null) {
                    return new ParentEdge(parentClass, publisher,
                            new Accessor(Accessor.Kind.METHOD, method.getSimpleName().toString()),
                            relationship.toMany(), relationship.declaredType(), topics);
                }
            }
        }
        for (VariableElement field : ElementFilter.fieldsIn(members)) {
            Relationship relationship = visible(field) ? relationship(field.asType(), isParent) : null;
            if (relationship != null) {
                return new ParentEdge(parentClass, publisher,
                        new Accessor(Accessor.Kind.FIELD, field.getSimpleName().toString()), relationship.toMany(),
                        relationship.declaredType(), topics);
            }
        }
        return null;
    }

    private PropertyModel attribute(TypeElement model, Element member) throws DeferException {
        AnnotationMirror serialize = Annotations.find(member, RuntimeNames.SERIALIZE);
        String explicitName = Annotations.stringValue(serialize, "value");
        if (member instanceof VariableElement field) {
            TypeMirror type = field.asType();
            deferIfUnresolved(type);
            String javaName = field.getSimpleName().toString();
            Accessor accessor = fieldAccessor(model, field);
            Messages problem = accessor != null ? null
                    : Lombok.generatesGetter(field) ? Messages.LOMBOK_NOT_RUN : Messages.NOT_READABLE;
            return new PropertyModel(member, javaName, wireName(explicitName, javaName), type, accessor,
                    classifier.classify(type), problem, relationship(type));
        }
        ExecutableElement method = (ExecutableElement) member;
        TypeMirror type = method.getReturnType();
        deferIfUnresolved(type);
        String javaName = Naming.propertyName(method.getSimpleName().toString());
        Messages problem = null;
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            problem = Messages.PRIVATE_METHOD;
        } else if (!method.getParameters().isEmpty() || type.getKind() == TypeKind.VOID
                || method.getModifiers().contains(Modifier.STATIC)) {
            problem = Messages.METHOD_SIGNATURE;
        }
        Accessor accessor = problem == null ? new Accessor(Accessor.Kind.METHOD, method.getSimpleName().toString())
                : null;
        return new PropertyModel(member, javaName, wireName(explicitName, javaName), type, accessor,
                classifier.classify(type), problem, relationship(type));
    }

    private static String wireName(String explicitName, String javaName) {
        return explicitName.isEmpty() ? Naming.underscore(javaName) : explicitName;
    }

    /** The names of the members annotated {@code @Id} (jakarta or javax) in the class and its superclasses. */
    static List<String> idMembers(TypeElement model) {
        List<String> names = new ArrayList<>();
        for (TypeElement owner : hierarchy(model)) {
            for (Element member : owner.getEnclosedElements()) {
                if (Annotations.find(member, RuntimeNames.JAKARTA_ID) != null
                        || Annotations.find(member, RuntimeNames.JAVAX_ID) != null) {
                    names.add(member.getSimpleName().toString());
                }
            }
        }
        return names;
    }

    /** The id: a member annotated {@code @Id} (jakarta or javax), else one named {@code id}; null if none. */
    private PropertyModel id(TypeElement model) throws DeferException {
        for (TypeElement owner : hierarchy(model)) {
            for (Element member : owner.getEnclosedElements()) {
                if (Annotations.find(member, RuntimeNames.JAKARTA_ID) == null
                        && Annotations.find(member, RuntimeNames.JAVAX_ID) == null) {
                    continue;
                }
                if (member instanceof VariableElement field) {
                    return idProperty(model, field, field.getSimpleName().toString(), field.asType());
                }
                if (member instanceof ExecutableElement method) {
                    return idProperty(model, method, Naming.propertyName(method.getSimpleName().toString()),
                            method.getReturnType());
                }
            }
        }
        for (VariableElement field : ElementFilter.fieldsIn(allMembers(model))) {
            if (field.getSimpleName().contentEquals("id") && !field.getModifiers().contains(Modifier.STATIC)) {
                return idProperty(model, field, "id", field.asType());
            }
        }
        Member member = findReadable(model, "id");
        return member == null ? null : idProperty(model, member.element, "id", member.type);
    }

    private PropertyModel idProperty(TypeElement model, Element element, String javaName, TypeMirror type)
            throws DeferException {
        deferIfUnresolved(type);
        Accessor accessor;
        if (element instanceof VariableElement field) {
            accessor = fieldAccessor(model, field);
        } else if (element instanceof ExecutableElement method && !method.getModifiers().contains(Modifier.PRIVATE)) {
            accessor = new Accessor(Accessor.Kind.METHOD, method.getSimpleName().toString());
        } else {
            accessor = readable(model, javaName);
        }
        Messages problem = accessor != null ? null
                : element instanceof VariableElement field && Lombok.generatesGetter(field) ? Messages.LOMBOK_NOT_RUN
                : Messages.NOT_READABLE;
        return new PropertyModel(element, javaName, "id", type, accessor, classifier.classify(type), problem);
    }

    private List<TopicModel> topics(TypeElement model, List<PropertyModel> attributes) {
        List<TopicModel> topics = new ArrayList<>();
        for (AnnotationMirror mirror : Annotations.repeatable(model, RuntimeNames.DIONYSUS_TOPIC,
                RuntimeNames.DIONYSUS_TOPIC_LIST)) {
            Map<? extends ExecutableElement, ? extends AnnotationValue> values =
                    elements.getElementValuesWithDefaults(mirror);
            String partitionKey = Annotations.stringValue(mirror, "partitionKey");
            String resolver = Annotations.stringValue(mirror, "partitionKeyResolver");
            AnnotationValue partitionKeyValue = Annotations.value(values, "partitionKey");
            PropertyModel partitionKeyProperty;
            if (!resolver.isEmpty()) {
                partitionKeyValue = Annotations.value(values, "partitionKeyResolver");
                Member method = findMethod(model, resolver);
                partitionKeyProperty = method == null ? null : method.property(resolver, classifier);
                if (!partitionKey.isEmpty()) {
                    partitionKey = partitionKey + "\u0000" + resolver; // both given: the validator reports it
                } else {
                    partitionKey = resolver;
                }
            } else {
                partitionKeyProperty = partitionKey.isEmpty()
                        ? defaultPartitionKey(model)
                        : partitionKeyProperty(model, partitionKey, attributes);
            }
            List<TypeElement> with = new ArrayList<>();
            AnnotationValue withValue = Annotations.explicitAnnotationValue(mirror, "with");
            if (withValue != null && withValue.getValue() instanceof List<?> classes) {
                for (Object item : classes) {
                    if (((AnnotationValue) item).getValue() instanceof DeclaredType declared) {
                        with.add((TypeElement) declared.asElement());
                    }
                }
            }
            topics.add(new TopicModel(mirror, Annotations.stringValue(mirror, "namespace"),
                    Annotations.stringValue(mirror, "name"), partitionKeyValue,
                    partitionKey, partitionKeyProperty, !resolver.isEmpty(), Boolean.TRUE.equals(Annotations.value(values,
                            "genesisReplica").getValue()), List.copyOf(with), withValue,
                    enumName(values, "partitioning").equals("RUBY"), enumName(values, "tombstone").equals("JSON_NULL")));
        }
        return topics;
    }

    private static String enumName(Map<? extends ExecutableElement, ? extends AnnotationValue> values, String name) {
        AnnotationValue value = Annotations.value(values, name);
        return value != null && value.getValue() instanceof VariableElement constant
                ? constant.getSimpleName().toString() : "";
    }

    /** The with dependencies of every topic of a type, for telling relationships from attributes. */
    static List<TypeElement> withTypes(TypeElement type) {
        List<TypeElement> result = new ArrayList<>();
        for (AnnotationMirror mirror : Annotations.repeatable(type, RuntimeNames.DIONYSUS_TOPIC,
                RuntimeNames.DIONYSUS_TOPIC_LIST)) {
            AnnotationValue withValue = Annotations.explicitAnnotationValue(mirror, "with");
            if (withValue != null && withValue.getValue() instanceof List<?> classes) {
                for (Object item : classes) {
                    if (((AnnotationValue) item).getValue() instanceof DeclaredType declared) {
                        result.add((TypeElement) declared.asElement());
                    }
                }
            }
        }
        return result;
    }

    /** The gem's {@code default_partition_key :account_id}: the model's {@code accountId}, if it has one. */
    private PropertyModel defaultPartitionKey(TypeElement model) {
        Member member = findReadable(model, "accountId");
        return member == null ? null : member.property("accountId", classifier);
    }

    private PropertyModel partitionKeyProperty(TypeElement model, String name, List<PropertyModel> attributes) {
        for (PropertyModel attribute : attributes) {
            if (attribute.accessor() != null && (attribute.javaName().equals(name) || attribute.wireName().equals(name))) {
                return attribute;
            }
        }
        String javaName = name.contains("_") ? camelize(name) : name;
        Member member = findReadable(model, javaName);
        return member == null ? null : member.property(javaName, classifier);
    }

    private static String camelize(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** A member readable without reflection: getter, is-getter, accessor method, or non-private field. */
    private record Member(Element element, Accessor accessor, TypeMirror type) {
        PropertyModel property(String javaName, TypeClassifier classifier) {
            return new PropertyModel(element, javaName, Naming.underscore(javaName), type, accessor,
                    classifier.classify(type), null);
        }
    }

    /**
     * How to read a field: through its getter when it has one of the field's type (a Hibernate proxy or an
     * enhanced entity serves only getters), else directly when it is not private; {@code null} when neither.
     */
    private Accessor fieldAccessor(TypeElement model, VariableElement field) {
        String property = field.getSimpleName().toString();
        Member member = findReadable(model, property);
        if (member != null && member.accessor.kind() == Accessor.Kind.METHOD
                && processingTypes.isSameType(member.type, field.asType())) {
            return member.accessor;
        }
        return field.getModifiers().contains(Modifier.PRIVATE) ? null : new Accessor(Accessor.Kind.FIELD, property);
    }

    /** A visible no-arg instance method of that name returning a value, or {@code null}. */
    private Member findMethod(TypeElement model, String name) {
        for (ExecutableElement method : ElementFilter.methodsIn(allMembers(model))) {
            if (method.getSimpleName().contentEquals(name) && method.getParameters().isEmpty()
                    && method.getReturnType().getKind() != TypeKind.VOID && visible(method)) {
                return new Member(method, new Accessor(Accessor.Kind.METHOD, name), method.getReturnType());
            }
        }
        return null;
    }

    private Accessor readable(TypeElement model, String property) {
        Member member = findReadable(model, property);
        return member == null ? null : member.accessor;
    }

    private Member findReadable(TypeElement model, String property) {
        List<? extends Element> members = allMembers(model);
        String capitalized = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String name : List.of("get" + capitalized, "is" + capitalized, property)) {
            for (ExecutableElement method : ElementFilter.methodsIn(members)) {
                if (method.getSimpleName().contentEquals(name) && method.getParameters().isEmpty()
                        && method.getReturnType().getKind() != TypeKind.VOID && visible(method)) {
                    return new Member(method, new Accessor(Accessor.Kind.METHOD, name), method.getReturnType());
                }
            }
        }
        for (VariableElement field : ElementFilter.fieldsIn(members)) {
            if (field.getSimpleName().contentEquals(property) && visible(field)) {
                return new Member(field, new Accessor(Accessor.Kind.FIELD, property), field.asType());
            }
        }
        return null;
    }

    private static boolean visible(Element member) {
        return !member.getModifiers().contains(Modifier.PRIVATE) && !member.getModifiers().contains(Modifier.STATIC);
    }

    /** The class and its superclasses up to (not including) Object, superclass first. */
    static List<TypeElement> hierarchy(TypeElement type) {
        List<TypeElement> chain = new ArrayList<>();
        TypeElement current = type;
        while (current != null && !current.getQualifiedName().contentEquals("java.lang.Object")) {
            chain.add(current);
            TypeMirror superclass = current.getSuperclass();
            current = superclass.getKind() == TypeKind.DECLARED
                    ? (TypeElement) ((DeclaredType) superclass).asElement() : null;
        }
        Collections.reverse(chain);
        return chain;
    }

    private static void deferIfUnresolved(TypeMirror type) throws DeferException {
        if (TypeClassifier.hasErrorType(type)) {
            throw new DeferException();
        }
    }

    /** Forgets the members read so far: at the start and end of each {@code process} call. */
    void forgetMembers() {
        allMembers.clear();
    }

    private List<? extends Element> allMembers(TypeElement type) {
        return allMembers.computeIfAbsent(type, elements::getAllMembers);
    }
}
