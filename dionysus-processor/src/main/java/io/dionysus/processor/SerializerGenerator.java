package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/** Writes {@code <Model>DionysusSerializer}: the record as the gem's {@code ModelSerializer} renders it. */
final class SerializerGenerator {

    private static final String MODEL = "model";
    private static final String GEN = "gen";

    private final GeneratedTypes generatedTypes;

    SerializerGenerator(GeneratedTypes generatedTypes) {
        this.generatedTypes = generatedTypes;
    }

    JavaFile generate(ModelDescriptor model) {
        ClassName self = model.serializerClass();
        Map<String, String> constants = constantNames(model);

        TypeSpec.Builder type = generatedTypes.annotate(TypeSpec.classBuilder(self))
                .addJavadoc("Serializer for {@link $T}.\n", model.modelClass())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(RuntimeNames.SERIALIZER, model.modelClass()))
                .addOriginatingElement(model.element())
                .addField(FieldSpec.builder(self, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The serializer; stateless and thread-safe.\n")
                        .initializer("new $T()", self)
                        .build());
        constants.forEach((wireName, constant) -> type.addField(FieldSpec.builder(RuntimeNames.SERIALIZABLE_STRING,
                        constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("new $T($S)", RuntimeNames.SERIALIZED_STRING, wireName)
                .build()));

        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(stringGetter("modelName", model.modelName()))
                .addMethod(stringGetter("eventPrefix", model.eventPrefix()))
                .addMethod(idMethod(model))
                .addMethod(writeIdMethod(model))
                .addMethod(writeMethod(model, constants))
                .addMethod(writeDeletedMethod(model, constants));
        for (PropertyModel relationship : model.relationships()) {
            if (relationship.relationship().polymorphic()) {
                type.addMethod(polymorphicSerializer(relationship));
            }
        }
        return GeneratedTypes.file(self.packageName(), type.build());
    }

    /** One constant per wire name, plus {@code links} and {@code id}; names made unique. */
    private static Map<String, String> constantNames(ModelDescriptor model) {
        Map<String, String> constants = new LinkedHashMap<>();
        Set<String> used = new HashSet<>(Set.of("INSTANCE"));
        for (PropertyModel attribute : model.attributes()) {
            addConstant(constants, used, attribute.wireName());
        }
        for (PropertyModel relationship : model.relationships()) {
            addConstant(constants, used, relationship.wireName());
        }
        addConstant(constants, used, "links");
        addConstant(constants, used, "id");
        return constants;
    }

    private static void addConstant(Map<String, String> constants, Set<String> used, String wireName) {
        if (constants.containsKey(wireName)) {
            return;
        }
        String base = Naming.constantName(wireName);
        String name = base;
        for (int i = 2; !used.add(name); i++) {
            name = base + "_" + i;
        }
        constants.put(wireName, name);
    }

    private static MethodSpec stringGetter(String name, String value) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S", value)
                .build();
    }

    private static MethodSpec idMethod(ModelDescriptor model) {
        PropertyModel id = model.id();
        CodeBlock read = id.accessor().read(MODEL);
        MethodSpec.Builder method = MethodSpec.methodBuilder("id")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addParameter(model.modelClass(), MODEL);
        if (id.valueType().primitive()) {
            method.addStatement("return $T.valueOf($L)", String.class, read);
        } else {
            method.addStatement("return $T.idText($L, $S)", RuntimeNames.MODEL_SUPPORT, read, model.modelName());
        }
        return method.build();
    }

    private static MethodSpec.Builder writer(String name, ModelDescriptor model) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(model.modelClass(), MODEL)
                .addParameter(RuntimeNames.JSON_GENERATOR, GEN)
                .addException(IOException.class);
    }

    private static MethodSpec writeIdMethod(ModelDescriptor model) {
        return writer("writeId", model)
                .addCode(value(model.id().valueType(), model.id().accessor().read(MODEL), "id"))
                .build();
    }

    private static MethodSpec writeMethod(ModelDescriptor model, Map<String, String> constants) {
        MethodSpec.Builder method = writer("write", model)
                .addParameter(int.class, "sideloads")
                .addStatement("$N.writeStartObject()", GEN);
        for (PropertyModel attribute : model.attributes()) {
            method.addStatement("$N.writeFieldName($N)", GEN, constants.get(attribute.wireName()));
            method.addCode(value(attribute.valueType(), attribute.accessor().read(MODEL), localName(attribute)));
        }
        if (model.relationships().isEmpty()) {
            emptyLinks(method, constants);
            return method.addStatement("$N.writeEndObject()", GEN).build();
        }
        for (PropertyModel relationship : model.relationships()) {
            method.addStatement("$T $N = $L", relationship.relationship().declaredType(), localName(relationship),
                    relationship.accessor().read(MODEL));
        }
        method.addStatement("$N.writeFieldName($N)", GEN, constants.get("links"))
                .addStatement("$N.writeStartObject()", GEN);
        for (PropertyModel relationship : model.relationships()) {
            method.addStatement("$N.writeFieldName($N)", GEN, constants.get(relationship.wireName()));
            related(method, relationship, "writeId");
        }
        method.addStatement("$N.writeEndObject()", GEN);
        for (int i = 0; i < model.relationships().size(); i++) {
            PropertyModel relationship = model.relationships().get(i);
            method.beginControlFlow("if ((sideloads & $L) != 0)", 1 << i)
                    .addStatement("$N.writeFieldName($N)", GEN, constants.get(relationship.wireName()));
            related(method, relationship, "write");
            method.endControlFlow();
        }
        return method.addStatement("$N.writeEndObject()", GEN).build();
    }

    /**
     * Writes a relationship's value from its local through the target's serializer: {@code writeId} for links,
     * {@code write} for sideloads; an array for to-many (empty when null), {@code null} for a missing to-one.
     */
    private static void related(MethodSpec.Builder method, PropertyModel relationship, String writer) {
        Relationship target = relationship.relationship();
        String local = localName(relationship);
        if (target.polymorphic()) {
            // {"type":…,"id":…} as a link, the record by its own model's serializer as a sideload
            method.addStatement("$T.$N($N, $N, $N($N), $S)", RuntimeNames.MODEL_SUPPORT,
                    writer.equals("writeId") ? "writePolymorphicLink" : "writePolymorphic", GEN, local,
                    polymorphicSerializerName(relationship), local, relationship.wireName());
        } else if (target.toMany()) {
            method.addStatement("$N.writeStartArray()", GEN)
                    .beginControlFlow("if ($N != null)", local)
                    .beginControlFlow("for ($T element : $N)", target.targetClass(), local)
                    .addStatement("$T.INSTANCE.$N(element, $N)", target.targetSerializer(), writer, GEN)
                    .endControlFlow()
                    .endControlFlow()
                    .addStatement("$N.writeEndArray()", GEN);
        } else {
            method.beginControlFlow("if ($N == null)", local)
                    .addStatement("$N.writeNull()", GEN)
                    .nextControlFlow("else")
                    .addStatement("$T.INSTANCE.$N($N, $N)", target.targetSerializer(), writer, local, GEN)
                    .endControlFlow();
        }
    }

    private static String polymorphicSerializerName(PropertyModel relationship) {
        return relationship.javaName() + "Serializer";
    }

    /**
     * The serializer of the model a polymorphic relationship holds, by an {@code instanceof} chain over the models
     * it can hold (a subclass before its superclass); {@code null} for any other class.
     */
    private static MethodSpec polymorphicSerializer(PropertyModel relationship) {
        Relationship target = relationship.relationship();
        MethodSpec.Builder method = MethodSpec.methodBuilder(polymorphicSerializerName(relationship))
                .addJavadoc("The serializer of the model {@code $N} holds, {@code null} for none.\n",
                        relationship.javaName())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(RuntimeNames.SERIALIZER,
                        com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class)))
                .addParameter(target.declaredType(), "value");
        for (javax.lang.model.element.TypeElement candidate : target.candidates()) {
            ClassName candidateClass = ClassName.get(candidate);
            method.beginControlFlow("if (value instanceof $T)", candidateClass)
                    .addStatement("return $T.INSTANCE", Relationship.serializerOf(candidateClass))
                    .endControlFlow();
        }
        return method.addStatement("return null").build();
    }

    private static MethodSpec writeDeletedMethod(ModelDescriptor model, Map<String, String> constants) {
        MethodSpec.Builder method = writer("writeDeleted", model).addStatement("$N.writeStartObject()", GEN);
        emptyLinks(method, constants);
        method.addStatement("$N.writeFieldName($N)", GEN, constants.get("id"));
        method.addCode(value(model.id().valueType(), model.id().accessor().read(MODEL), "id"));
        return method.addStatement("$N.writeEndObject()", GEN).build();
    }

    private static void emptyLinks(MethodSpec.Builder method, Map<String, String> constants) {
        method.addStatement("$N.writeFieldName($N)", GEN, constants.get("links"))
                .addStatement("$N.writeStartObject()", GEN)
                .addStatement("$N.writeEndObject()", GEN);
    }

    private static String localName(PropertyModel attribute) {
        String name = attribute.javaName();
        return Set.of(MODEL, GEN, "element", "entry", "sideloads").contains(name) ? name + "Value" : name;
    }

    /** Statements writing one value read by {@code read}; containers go through a local named {@code local}. */
    private static CodeBlock value(ValueType type, CodeBlock read, String local) {
        if (type.kind() == ValueType.Kind.LIST) {
            return CodeBlock.builder()
                    .addStatement("$T $N = $L", type.javaType(), local, read)
                    .beginControlFlow("if ($N == null)", local)
                    .addStatement("$N.writeNull()", GEN)
                    .nextControlFlow("else")
                    .addStatement("$N.writeStartArray()", GEN)
                    .beginControlFlow("for ($T element : $N)", type.element().javaType(), local)
                    .add(value(type.element(), CodeBlock.of("element"), "element"))
                    .endControlFlow()
                    .addStatement("$N.writeEndArray()", GEN)
                    .endControlFlow()
                    .build();
        }
        if (type.kind() == ValueType.Kind.MAP) {
            return CodeBlock.builder()
                    .addStatement("$T $N = $L", type.javaType(), local, read)
                    .beginControlFlow("if ($N == null)", local)
                    .addStatement("$N.writeNull()", GEN)
                    .nextControlFlow("else")
                    .addStatement("$N.writeStartObject()", GEN)
                    .beginControlFlow("for (var entry : $N.entrySet())", local)
                    .addStatement("$T.writeFieldName($N, entry.getKey())", RuntimeNames.JSON_VALUES, GEN)
                    .add(value(type.element(), CodeBlock.of("entry.getValue()"), "value"))
                    .endControlFlow()
                    .addStatement("$N.writeEndObject()", GEN)
                    .endControlFlow()
                    .build();
        }
        if (type.primitive()) {
            return switch (type.kind()) {
                case INT, LONG, SHORT, BYTE -> CodeBlock.builder().addStatement("$N.writeNumber($L)", GEN, read).build();
                case BOOLEAN -> CodeBlock.builder().addStatement("$N.writeBoolean($L)", GEN, read).build();
                default -> CodeBlock.builder()
                        .addStatement("$T.$N($N, $L)", RuntimeNames.JSON_VALUES, type.kind().writer(), GEN, read)
                        .build();
            };
        }
        return CodeBlock.builder()
                .addStatement("$T.$N($N, $L)", RuntimeNames.JSON_VALUES, type.kind().writer(), GEN, read)
                .build();
    }
}
