package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Scan phase for the consumer side: a {@code @SyncedModel} class into a {@link SyncedModelDescriptor}. */
final class SyncedModelScanner {

    static final String SYNCED_MODEL = "io.dionysus.annotations.SyncedModel";
    static final String SYNCED_ATTRIBUTE = "io.dionysus.annotations.SyncedAttribute";
    private static final String[] TRANSIENT = {"jakarta.persistence.Transient", "javax.persistence.Transient"};
    private static final String[] COLUMN = {"jakarta.persistence.Column", "javax.persistence.Column"};
    private static final String[] TABLE = {"jakarta.persistence.Table", "javax.persistence.Table"};

    private final Elements elements;
    /**
     * {@code getAllMembers} of each type, asked once per property otherwise (javac builds a new scope each time);
     * kept only while one {@code process} call runs ({@link #forgetMembers}), as another processor may change a
     * type between calls.
     */
    private final Map<TypeElement, List<? extends Element>> allMembers = new HashMap<>();
    private final Types types;
    private final TypeClassifier classifier;

    SyncedModelScanner(ProcessingEnvironment env) {
        this.elements = env.getElementUtils();
        this.types = env.getTypeUtils();
        this.classifier = new TypeClassifier(env);
    }

    SyncedModelDescriptor scan(TypeElement type) throws ModelScanner.DeferException {
        AnnotationMirror mirror = Annotations.find(type, SYNCED_MODEL);
        Map<String, String> roleNames = new LinkedHashMap<>();
        for (String role : SyncedModelDescriptor.ROLES) {
            String name = Annotations.stringValue(mirror, role);
            roleNames.put(role, name.isEmpty() ? role : name);
        }
        String idMember = roleNames.get(SyncedModelDescriptor.SYNCED_ID);

        List<SyncedMemberModel> members = new ArrayList<>();
        Map<String, SyncedMemberModel> roles = new LinkedHashMap<>();
        for (TypeElement owner : ModelScanner.hierarchy(type)) {
            for (VariableElement field : ElementFilter.fieldsIn(owner.getEnclosedElements())) {
                if (field.getModifiers().contains(Modifier.STATIC) || field.getModifiers().contains(Modifier.TRANSIENT)
                        || findAny(field, TRANSIENT) != null) {
                    continue;
                }
                if (TypeClassifier.hasErrorType(field.asType())) {
                    throw new ModelScanner.DeferException();
                }
                String javaName = field.getSimpleName().toString();
                String role = roleOf(roleNames, javaName);
                String attribute = role != null ? Naming.underscore(role) : Naming.underscore(javaName);
                AnnotationMirror mapping = Annotations.find(field, SYNCED_ATTRIBUTE);
                if (mapping != null) {
                    attribute = Annotations.stringValue(mapping, "value");
                }
                boolean localId = (Annotations.find(field, RuntimeNames.JAKARTA_ID) != null
                        || Annotations.find(field, RuntimeNames.JAVAX_ID) != null) && !javaName.equals(idMember);
                SyncedMemberModel member = new SyncedMemberModel(field, attribute, column(field, javaName),
                        classifier.classify(field.asType()), getter(type, field), setter(type, field),
                        !field.getModifiers().contains(Modifier.PRIVATE) || setter(type, field) != null, localId);
                members.add(member);
                if (role != null) {
                    roles.put(role, member);
                }
            }
        }
        List<String> unknownRoles = new ArrayList<>();
        for (String role : SyncedModelDescriptor.ROLES) {
            if (!roles.containsKey(role) && !roleNames.get(role).equals(role)) {
                unknownRoles.add(role);
            }
        }
        String remoteName = Annotations.stringValue(mirror, "value");
        return new SyncedModelDescriptor(type, mirror, ClassName.get(type),
                remoteName.isEmpty() ? type.getSimpleName().toString() : remoteName, table(type),
                List.copyOf(members), roles, unknownRoles, hasNoArgConstructor(type));
    }

    private static String roleOf(Map<String, String> roleNames, String javaName) {
        for (Map.Entry<String, String> entry : roleNames.entrySet()) {
            if (entry.getValue().equals(javaName)) {
                return entry.getKey();
            }
        }
        return null;
    }

    private static String column(VariableElement field, String javaName) {
        String name = Annotations.stringValue(findAny(field, COLUMN), "name");
        return name.isEmpty() ? Naming.underscore(javaName) : name;
    }

    private static String table(TypeElement type) {
        String name = Annotations.stringValue(findAny(type, TABLE), "name");
        return name.isEmpty() ? Naming.underscore(type.getSimpleName().toString()) : name;
    }

    private Accessor getter(TypeElement type, VariableElement field) {
        if (!field.getModifiers().contains(Modifier.PRIVATE)) {
            return new Accessor(Accessor.Kind.FIELD, field.getSimpleName().toString());
        }
        String name = field.getSimpleName().toString();
        String capitalized = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (ExecutableElement method : ElementFilter.methodsIn(allMembers(type))) {
            String methodName = method.getSimpleName().toString();
            if ((methodName.equals("get" + capitalized) || methodName.equals("is" + capitalized))
                    && method.getParameters().isEmpty() && !method.getModifiers().contains(Modifier.PRIVATE)
                    && types.isSameType(method.getReturnType(), field.asType())) {
                return new Accessor(Accessor.Kind.METHOD, methodName);
            }
        }
        return null;
    }

    /** The setter name if a non-private {@code setX(T)} exists, else {@code null}. */
    private String setter(TypeElement type, VariableElement field) {
        String name = field.getSimpleName().toString();
        String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (ExecutableElement method : ElementFilter.methodsIn(allMembers(type))) {
            if (method.getSimpleName().contentEquals(setter) && method.getParameters().size() == 1
                    && !method.getModifiers().contains(Modifier.PRIVATE)
                    && types.isSameType(method.getParameters().get(0).asType(), field.asType())) {
                return setter;
            }
        }
        return null;
    }

    private static boolean hasNoArgConstructor(TypeElement type) {
        List<ExecutableElement> constructors = ElementFilter.constructorsIn(type.getEnclosedElements());
        for (ExecutableElement constructor : constructors) {
            if (constructor.getParameters().isEmpty() && !constructor.getModifiers().contains(Modifier.PRIVATE)) {
                return true;
            }
        }
        return false;
    }

    private static AnnotationMirror findAny(Element element, String[] names) {
        for (String name : names) {
            AnnotationMirror mirror = Annotations.find(element, name);
            if (mirror != null) {
                return mirror;
            }
        }
        return null;
    }

    /** Forgets the members read so far: at the start and end of each {@code process} call. */
    void forgetMembers() {
        allMembers.clear();
    }

    private List<? extends Element> allMembers(TypeElement type) {
        return allMembers.computeIfAbsent(type, elements::getAllMembers);
    }
}
