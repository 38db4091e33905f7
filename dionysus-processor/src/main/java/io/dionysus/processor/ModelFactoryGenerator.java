package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.lang.model.element.Modifier;

/** Writes {@code <Model>DionysusModelFactory}: builds, reads and writes a synced model without reflection. */
final class ModelFactoryGenerator {

    private static final ClassName FACTORY = ClassName.get(RuntimeNames.RUNTIME, "DionysusModelFactory");
    private static final ClassName WIRE = ClassName.get(RuntimeNames.RUNTIME + ".internal", "WireValues");
    private static final ClassName JDBC = ClassName.get(RuntimeNames.RUNTIME + ".internal", "JdbcValues");
    private static final String MODEL = "model";

    private final GeneratedTypes generatedTypes;

    ModelFactoryGenerator(GeneratedTypes generatedTypes) {
        this.generatedTypes = generatedTypes;
    }

    JavaFile generate(SyncedModelDescriptor model) {
        ClassName self = model.factoryClass();
        TypeName attributes = ParameterizedTypeName.get(Map.class, String.class, Object.class);
        SyncedMemberModel canceledAt = model.role(SyncedModelDescriptor.SYNCED_CANCELED_AT);

        TypeSpec.Builder type = generatedTypes.annotate(TypeSpec.classBuilder(self))
                .addJavadoc("Model factory for {@link $T}, the synced copy of remote $S records.\n",
                        model.modelClass(), model.remoteName())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(FACTORY, model.modelClass()))
                .addOriginatingElement(model.element())
                .addField(FieldSpec.builder(self, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The factory; stateless and thread-safe.\n")
                        .initializer("new $T()", self)
                        .build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(constant("modelName", String.class, CodeBlock.of("$S", model.remoteName())))
                .addMethod(constant("table", String.class, CodeBlock.of("$S", model.table())))
                .addMethod(constant("syncedIdColumn", String.class,
                        CodeBlock.of("$S", model.role(SyncedModelDescriptor.SYNCED_ID).column())))
                .addMethod(constant("softDeletable", boolean.class, CodeBlock.of("$L", canceledAt != null)))
                .addMethod(override("newInstance", model.modelClass())
                        .addStatement("return new $T()", model.modelClass())
                        .build())
                .addMethod(assign(model, attributes))
                .addMethod(columns(model))
                .addMethod(read(model))
                .addMethod(timeGetter("syncedCreatedAt", model, model.role(SyncedModelDescriptor.SYNCED_CREATED_AT)))
                .addMethod(timeGetter("syncedUpdatedAt", model, model.role(SyncedModelDescriptor.SYNCED_UPDATED_AT)))
                .addMethod(timeGetter("syncedCanceledAt", model, canceledAt))
                .addMethod(canceledAtSetter(model, canceledAt));
        return GeneratedTypes.file(self.packageName(), type.build());
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }

    private static MethodSpec constant(String name, Class<?> type, CodeBlock value) {
        return override(name, TypeName.get(type)).addStatement("return $L", value).build();
    }

    private static MethodSpec assign(SyncedModelDescriptor model, TypeName attributes) {
        MethodSpec.Builder method = override("assign", TypeName.VOID)
                .addParameter(model.modelClass(), MODEL)
                .addParameter(attributes, "attributes");
        SyncedMemberModel data = model.role(SyncedModelDescriptor.SYNCED_DATA);
        for (SyncedMemberModel member : model.members()) {
            if (member.generatedId() || member == data) {
                continue;
            }
            method.beginControlFlow("if (attributes.containsKey($S))", member.attribute());
            CodeBlock value = CodeBlock.of("attributes.get($S)", member.attribute());
            if (member.valueType().kind() == ValueType.Kind.ENUM) {
                method.addStatement("$T $N = $T.toEnumName($L, $S)", String.class, member.javaName() + "Name", WIRE,
                        value, member.attribute());
                method.addStatement(set(member, CodeBlock.of("$N == null ? null : $T.valueOf($N)",
                        member.javaName() + "Name", member.valueType().javaType(), member.javaName() + "Name")));
            } else {
                method.addStatement(set(member, CodeBlock.of("$T.$N($L, $S)", WIRE, converter(member.valueType()),
                        value, member.attribute())));
            }
            method.endControlFlow();
        }
        if (data != null) {
            method.addStatement(set(data, CodeBlock.of("$T.toJson(attributes)", WIRE)));
        }
        return method.build();
    }

    private static String converter(ValueType type) {
        boolean primitive = type.primitive();
        return switch (type.kind()) {
            case STRING -> "toText";
            case LONG -> primitive ? "toLongOrZero" : "toLong";
            case INT -> primitive ? "toIntOrZero" : "toInteger";
            case SHORT -> primitive ? "toShortOrZero" : "toShort";
            case DOUBLE -> primitive ? "toDoubleOrZero" : "toDouble";
            case BOOLEAN -> primitive ? "toBooleanOrFalse" : "toBoolean";
            case BIG_DECIMAL -> "toBigDecimal";
            case BIG_INTEGER -> "toBigInteger";
            case INSTANT -> "toInstant";
            case OFFSET_DATE_TIME -> "toOffsetDateTime";
            case ZONED_DATE_TIME -> "toZonedDateTime";
            case LOCAL_DATE_TIME -> "toLocalDateTime";
            case LOCAL_DATE -> "toLocalDate";
            case UUID -> "toUuid";
            case BYTES -> "toBytes";
            default -> throw new IllegalStateException("validated away: " + type.kind());
        };
    }

    private static CodeBlock set(SyncedMemberModel member, CodeBlock value) {
        return member.setter() != null
                ? CodeBlock.of("$N.$N($L)", MODEL, member.setter(), value)
                : CodeBlock.of("$N.$N = $L", MODEL, member.javaName(), value);
    }

    private static MethodSpec columns(SyncedModelDescriptor model) {
        TypeName map = ParameterizedTypeName.get(Map.class, String.class, Object.class);
        MethodSpec.Builder method = override("columns", map)
                .addParameter(model.modelClass(), MODEL)
                .addStatement("$T columns = new $T<>()", map, LinkedHashMap.class);
        for (SyncedMemberModel member : model.members()) {
            if (!member.generatedId()) {
                method.addStatement("columns.put($S, $L)", member.column(), member.getter().read(MODEL));
            }
        }
        return method.addStatement("return columns").build();
    }

    private static MethodSpec read(SyncedModelDescriptor model) {
        MethodSpec.Builder method = override("read", model.modelClass())
                .addParameter(ResultSet.class, "row")
                .addException(SQLException.class)
                .addStatement("$T $N = new $T()", model.modelClass(), MODEL, model.modelClass());
        for (SyncedMemberModel member : model.members()) {
            ValueType type = member.valueType();
            String column = member.column();
            if (type.kind() == ValueType.Kind.ENUM) {
                method.addStatement("$T $N = row.getString($S)", String.class, member.javaName() + "Name", column);
                method.addStatement(set(member, CodeBlock.of("$N == null ? null : $T.valueOf($N)",
                        member.javaName() + "Name", type.javaType(), member.javaName() + "Name")));
                continue;
            }
            method.addStatement(set(member, readValue(type, column)));
        }
        return method.addStatement("return $N", MODEL).build();
    }

    private static CodeBlock readValue(ValueType type, String column) {
        if (type.primitive()) {
            String reader = switch (type.kind()) {
                case LONG -> "readLongOrZero";
                case INT -> "readIntOrZero";
                case SHORT -> "readShortOrZero";
                case DOUBLE -> "readDoubleOrZero";
                case BOOLEAN -> "readBooleanOrFalse";
                default -> throw new IllegalStateException("validated away: " + type.kind());
            };
            return CodeBlock.of("$T.$N(row, $S)", JDBC, reader, column);
        }
        return switch (type.kind()) {
            case INSTANT -> CodeBlock.of("$T.readInstant(row, $S)", JDBC, column);
            case OFFSET_DATE_TIME -> CodeBlock.of("$T.readOffsetDateTime(row, $S)", JDBC, column);
            case ZONED_DATE_TIME -> CodeBlock.of("$T.readZonedDateTime(row, $S)", JDBC, column);
            case BYTES -> CodeBlock.of("row.getBytes($S)", column);
            default -> CodeBlock.of("$T.read(row, $S, $T.class)", JDBC, column, type.javaType());
        };
    }

    private static MethodSpec timeGetter(String name, SyncedModelDescriptor model, SyncedMemberModel member) {
        MethodSpec.Builder method = override(name, TypeName.get(Instant.class)).addParameter(model.modelClass(), MODEL);
        if (member == null) {
            return method.addStatement("return null").build();
        }
        if (member.valueType().kind() == ValueType.Kind.INSTANT) {
            return method.addStatement("return $L", member.getter().read(MODEL)).build();
        }
        return method.addStatement("return $T.instantOf($L)", WIRE, member.getter().read(MODEL)).build();
    }

    private static MethodSpec canceledAtSetter(SyncedModelDescriptor model, SyncedMemberModel member) {
        MethodSpec.Builder method = override("syncedCanceledAt", TypeName.VOID)
                .addParameter(model.modelClass(), MODEL)
                .addParameter(Instant.class, "canceledAt");
        if (member == null) {
            return method.addComment("not soft-deletable: destroyed records are deleted").build();
        }
        return method.addStatement(set(member, CodeBlock.of("$T.$N(canceledAt, $S)", WIRE,
                converter(member.valueType()), member.attribute()))).build();
    }
}
