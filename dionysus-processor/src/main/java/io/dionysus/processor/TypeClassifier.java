package io.dionysus.processor;

import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/** Tells how a Java type is written on the wire, or that it cannot be. */
final class TypeClassifier {

    private static final Map<String, ValueType.Kind> SCALARS = Map.ofEntries(
            Map.entry("java.lang.String", ValueType.Kind.STRING),
            Map.entry("java.lang.Character", ValueType.Kind.CHAR),
            Map.entry("java.lang.Boolean", ValueType.Kind.BOOLEAN),
            Map.entry("java.lang.Byte", ValueType.Kind.BYTE),
            Map.entry("java.lang.Short", ValueType.Kind.SHORT),
            Map.entry("java.lang.Integer", ValueType.Kind.INT),
            Map.entry("java.lang.Long", ValueType.Kind.LONG),
            Map.entry("java.lang.Float", ValueType.Kind.FLOAT),
            Map.entry("java.lang.Double", ValueType.Kind.DOUBLE),
            Map.entry("java.math.BigInteger", ValueType.Kind.BIG_INTEGER),
            Map.entry("java.math.BigDecimal", ValueType.Kind.BIG_DECIMAL),
            Map.entry("java.time.Instant", ValueType.Kind.INSTANT),
            Map.entry("java.time.OffsetDateTime", ValueType.Kind.OFFSET_DATE_TIME),
            Map.entry("java.time.ZonedDateTime", ValueType.Kind.ZONED_DATE_TIME),
            Map.entry("java.time.LocalDateTime", ValueType.Kind.LOCAL_DATE_TIME),
            Map.entry("java.time.LocalDate", ValueType.Kind.LOCAL_DATE),
            Map.entry("java.util.UUID", ValueType.Kind.UUID));
    private static final List<String> COLLECTIONS = List.of(
            "java.util.List", "java.util.Set", "java.util.Collection", "java.util.SortedSet",
            "java.util.NavigableSet", "java.util.ArrayList", "java.util.LinkedList", "java.util.HashSet",
            "java.util.LinkedHashSet", "java.util.TreeSet");
    /** Map types written as maps: the interfaces and the JDK's common implementations. */
    private static final List<String> MAPS = List.of(
            "java.util.Map", "java.util.SortedMap", "java.util.NavigableMap", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.TreeMap");
    /** Bounds whose values the runtime walks: any number, any text (an unknown subclass is refused when written). */
    private static final List<String> WALKED_BOUNDS = List.of("java.lang.Number", "java.lang.CharSequence");

    private final Types types;

    TypeClassifier(ProcessingEnvironment env) {
        this.types = env.getTypeUtils();
    }

    /** True if the type or one of its type arguments is not resolved yet (maybe generated in a later round). */
    static boolean hasErrorType(TypeMirror type) {
        if (type.getKind() == TypeKind.ERROR) {
            return true;
        }
        if (type instanceof DeclaredType declared) {
            for (TypeMirror argument : declared.getTypeArguments()) {
                if (hasErrorType(argument)) {
                    return true;
                }
            }
        }
        if (type instanceof ArrayType array) {
            return hasErrorType(array.getComponentType());
        }
        return false;
    }

    /** The way to write the type, or {@code null} if it is not supported. */
    ValueType classify(TypeMirror type) {
        TypeName javaType = TypeName.get(type);
        switch (type.getKind()) {
            case BOOLEAN: return primitive(ValueType.Kind.BOOLEAN, javaType);
            case BYTE: return primitive(ValueType.Kind.BYTE, javaType);
            case SHORT: return primitive(ValueType.Kind.SHORT, javaType);
            case INT: return primitive(ValueType.Kind.INT, javaType);
            case LONG: return primitive(ValueType.Kind.LONG, javaType);
            case FLOAT: return primitive(ValueType.Kind.FLOAT, javaType);
            case DOUBLE: return primitive(ValueType.Kind.DOUBLE, javaType);
            case CHAR: return primitive(ValueType.Kind.CHAR, javaType);
            case ARRAY:
                TypeMirror component = ((ArrayType) type).getComponentType();
                return component.getKind() == TypeKind.BYTE
                        ? new ValueType(ValueType.Kind.BYTES, false, javaType, null) : null;
            case DECLARED:
                return declared((DeclaredType) type, javaType);
            default:
                return null;
        }
    }

    private static ValueType primitive(ValueType.Kind kind, TypeName javaType) {
        return new ValueType(kind, true, javaType, null);
    }

    private ValueType declared(DeclaredType type, TypeName javaType) {
        TypeElement element = (TypeElement) type.asElement();
        String name = element.getQualifiedName().toString();
        ValueType.Kind scalar = SCALARS.get(name);
        if (scalar != null) {
            return new ValueType(scalar, false, javaType, null);
        }
        if (element.getKind() == ElementKind.ENUM) {
            return new ValueType(ValueType.Kind.ENUM, false, javaType, null);
        }
        if (name.equals("java.lang.Object") || isJsonNode(element)) {
            return freeForm(javaType);
        }
        List<? extends TypeMirror> arguments = type.getTypeArguments();
        if (COLLECTIONS.contains(name) || name.equals("java.lang.Iterable")) {
            if (arguments.isEmpty()) {
                return freeForm(javaType); // a raw collection holds Objects
            }
            ValueType element0 = scalarArgument(arguments.get(0));
            if (element0 != null && !name.equals("java.lang.Iterable")) {
                return new ValueType(ValueType.Kind.LIST, false, javaType, element0);
            }
            return freeFormArgument(arguments.get(0)) ? freeForm(javaType) : null;
        }
        if (MAPS.contains(name)) {
            if (arguments.isEmpty()) {
                return freeForm(javaType);
            }
            ValueType value = isString(arguments.get(0)) ? scalarArgument(arguments.get(1)) : null;
            if (value != null) {
                return new ValueType(ValueType.Kind.MAP, false, javaType, value);
            }
            // Object keys are checked when written (Ruby writes a key's to_s)
            return freeFormKey(arguments.get(0)) && freeFormArgument(arguments.get(1)) ? freeForm(javaType) : null;
        }
        return null;
    }

    private static ValueType freeForm(TypeName javaType) {
        return new ValueType(ValueType.Kind.FREE_FORM, false, javaType, null);
    }

    /** Jackson's {@code JsonNode} or one of its subclasses ({@code ObjectNode}, {@code ArrayNode}, …). */
    private boolean isJsonNode(TypeElement element) {
        for (TypeElement current = element; current != null; ) {
            if (current.getQualifiedName().contentEquals("com.fasterxml.jackson.databind.JsonNode")) {
                return true;
            }
            TypeMirror superclass = current.getSuperclass();
            current = superclass.getKind() == TypeKind.DECLARED ? (TypeElement) types.asElement(superclass) : null;
        }
        return false;
    }

    /** A type argument whose values the runtime can walk: anything this classifier writes, or any Object. */
    private boolean freeFormArgument(TypeMirror argument) {
        if (argument instanceof WildcardType wildcard) {
            return wildcard.getExtendsBound() == null || freeFormArgument(wildcard.getExtendsBound());
        }
        return argument.getKind() == TypeKind.DECLARED && (classify(argument) != null
                || WALKED_BOUNDS.contains(((TypeElement) types.asElement(argument)).getQualifiedName().toString()));
    }

    /**
     * A free-form map's key type: String, or Object or a wildcard (whose keys are checked when written). Typed
     * non-String keys stay unsupported: a jsonb hash has string keys.
     */
    private boolean freeFormKey(TypeMirror key) {
        if (key instanceof WildcardType wildcard) {
            return wildcard.getExtendsBound() == null || freeFormKey(wildcard.getExtendsBound());
        }
        return key.getKind() == TypeKind.DECLARED && List.of("java.lang.String", "java.lang.Object")
                .contains(((TypeElement) types.asElement(key)).getQualifiedName().toString());
    }

    private ValueType scalarArgument(TypeMirror argument) {
        TypeMirror bound = argument;
        if (argument instanceof WildcardType wildcard) {
            bound = wildcard.getExtendsBound();
            if (bound == null) {
                return null;
            }
        }
        ValueType value = classify(bound);
        return value == null || value.isContainer() || value.kind() == ValueType.Kind.FREE_FORM ? null : value;
    }

    private boolean isString(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED
                && ((TypeElement) types.asElement(type)).getQualifiedName().contentEquals("java.lang.String");
    }
}
