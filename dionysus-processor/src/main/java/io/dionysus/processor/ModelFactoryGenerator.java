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
import java.util.TreeSet;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Model>DionysusModelFactory}: the model's column table over the runtime's
 * {@code SyncedModelFactory}, which builds, reads and writes synced models, and two switches reaching its members
 * by column index, without reflection. One table row and two short cases per member compile several times faster
 * than a conversion, a column entry and a JDBC read per member (compile-time.sh).
 */
final class ModelFactoryGenerator {

    private static final ClassName BASE = ClassName.get(RuntimeNames.RUNTIME, "SyncedModelFactory");
    private static final ClassName VALUE_TYPE = BASE.nestedClass("ValueType");
    private static final ClassName ROLE = BASE.nestedClass("Role");
    private static final String MODEL = "model";

    private final GeneratedTypes generatedTypes;

    ModelFactoryGenerator(GeneratedTypes generatedTypes) {
        this.generatedTypes = generatedTypes;
    }

    JavaFile generate(SyncedModelDescriptor model) {
        ClassName self = model.factoryClass();
        Set<String> valueTypes = new TreeSet<>();
        Set<String> roles = new TreeSet<>();
        List<CodeBlock> columns = new ArrayList<>();
        for (SyncedMemberModel member : model.members()) {
            String valueType = valueType(member.valueType());
            String role = role(model, member);
            valueTypes.add(valueType);
            roles.add(role);
            // the constants' names in the format: JavaPoet then writes them through their static imports
            columns.add(CodeBlock.of("column($S, $S, $T." + valueType + ", $T." + role + ")", member.attribute(),
                    member.column(), VALUE_TYPE, ROLE));
        }
        TypeSpec.Builder type = generatedTypes.annotate(TypeSpec.classBuilder(self))
                .addJavadoc("Model factory for {@link $T}, the synced copy of remote $S records.\n",
                        model.modelClass(), model.remoteName())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(ParameterizedTypeName.get(BASE, model.modelClass()))
                .addOriginatingElement(model.element())
                .addField(FieldSpec.builder(self, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The factory; stateless and thread-safe.\n")
                        .initializer("new $T()", self)
                        .build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .addStatement("super($S, $S,\n$L)", model.remoteName(), model.table(),
                                CodeBlock.join(columns, ",\n"))
                        .build())
                .addMethod(override("newInstance", model.modelClass())
                        .addStatement("return new $T()", model.modelClass())
                        .build())
                .addMethod(get(model))
                .addMethod(set(model));
        return JavaFile.builder(self.packageName(), type.build())
                .addStaticImport(VALUE_TYPE, valueTypes.toArray(new String[0]))
                .addStaticImport(ROLE, roles.toArray(new String[0]))
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }

    private static String role(SyncedModelDescriptor model, SyncedMemberModel member) {
        if (member.generatedId()) {
            return "GENERATED_ID";
        }
        for (String role : SyncedModelDescriptor.ROLES) {
            if (model.role(role) == member) {
                return Naming.underscore(role).toUpperCase(java.util.Locale.ROOT);
            }
        }
        return "NONE";
    }

    private static String valueType(ValueType type) {
        boolean primitive = type.primitive();
        return switch (type.kind()) {
            case STRING -> "TEXT";
            case LONG -> primitive ? "LONG_OR_ZERO" : "LONG";
            case INT -> primitive ? "INT_OR_ZERO" : "INTEGER";
            case SHORT -> primitive ? "SHORT_OR_ZERO" : "SHORT";
            case DOUBLE -> primitive ? "DOUBLE_OR_ZERO" : "DOUBLE";
            case BOOLEAN -> primitive ? "BOOLEAN_OR_FALSE" : "BOOLEAN";
            case BIG_DECIMAL, BIG_INTEGER, INSTANT, OFFSET_DATE_TIME, ZONED_DATE_TIME, LOCAL_DATE_TIME, LOCAL_DATE,
                    UUID, BYTES, ENUM -> type.kind().name();
            default -> throw new IllegalStateException("validated away: " + type.kind());
        };
    }

    private static MethodSpec get(SyncedModelDescriptor model) {
        CodeBlock.Builder cases = CodeBlock.builder().add("return switch (index) {\n$>");
        int index = 0;
        for (SyncedMemberModel member : model.members()) {
            // a generated id without getter is never asked for: it has no column value to write
            if (member.getter() != null) {
                cases.add("case $L -> $L;\n", index, member.getter().read(MODEL));
            }
            index++;
        }
        cases.add("default -> throw new $T(index);\n$<};\n", IndexOutOfBoundsException.class);
        return MethodSpec.methodBuilder("get")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .returns(Object.class)
                .addParameter(model.modelClass(), MODEL)
                .addParameter(int.class, "index")
                .addCode(cases.build())
                .build();
    }

    private static MethodSpec set(SyncedModelDescriptor model) {
        CodeBlock.Builder cases = CodeBlock.builder().beginControlFlow("switch (index)");
        int index = 0;
        for (SyncedMemberModel member : model.members()) {
            ValueType type = member.valueType();
            CodeBlock value = type.kind() == ValueType.Kind.ENUM
                    ? CodeBlock.of("value == null ? null : $T.valueOf((String) value)", type.javaType())
                    : CodeBlock.of("($T) value", type.javaType().box());
            cases.add("case $L -> $L;\n", index++, member.setter() != null
                    ? CodeBlock.of("$N.$N($L)", MODEL, member.setter(), value)
                    : CodeBlock.of("$N.$N = $L", MODEL, member.javaName(), value));
        }
        cases.add("default -> throw new $T(index);\n", IndexOutOfBoundsException.class).endControlFlow();
        return MethodSpec.methodBuilder("set")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .addParameter(model.modelClass(), MODEL)
                .addParameter(int.class, "index")
                .addParameter(Object.class, "value")
                .addCode(cases.build())
                .build();
    }
}
