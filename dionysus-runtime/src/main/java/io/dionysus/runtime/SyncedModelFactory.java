package io.dionysus.runtime;

import io.dionysus.runtime.internal.JdbcValues;
import io.dionysus.runtime.internal.WireValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The shared body of the generated {@code <Model>DionysusModelFactory} classes: a table of the model's columns
 * (attribute, column, value type, role) walked by {@link #assign}, {@link #columns} and {@link #read}, so that the
 * generated class holds only its table and two switches reaching the members by index ({@link #get}, {@link #set}),
 * without reflection. Generated code compiles faster this way than with one statement per member and method
 * (issue 12: compile time); the consumer's path does the same conversions in the same order.
 *
 * @param <T> the local model type
 */
public abstract class SyncedModelFactory<T> implements DionysusModelFactory<T> {

    /**
     * How a member's value converts from a received attribute ({@link WireValues}) and reads from a column
     * ({@link JdbcValues}). The {@code _OR_ZERO}/{@code _OR_FALSE} types are primitives: null becomes 0/false.
     * {@link #ENUM} travels as the constant's name; the generated {@code set} calls {@code valueOf}.
     */
    public enum ValueType {
        TEXT, LONG, LONG_OR_ZERO, INTEGER, INT_OR_ZERO, SHORT, SHORT_OR_ZERO, DOUBLE, DOUBLE_OR_ZERO, BOOLEAN,
        BOOLEAN_OR_FALSE, BIG_DECIMAL, BIG_INTEGER, INSTANT, OFFSET_DATE_TIME, ZONED_DATE_TIME, LOCAL_DATE_TIME,
        LOCAL_DATE, UUID, BYTES, ENUM
    }

    /** What a column is for beyond holding its attribute. */
    public enum Role {
        /** An ordinary member: assigned when its attribute is present. */
        NONE,
        /** The local {@code @Id} the database generates: read, never assigned nor written. */
        GENERATED_ID,
        /** The remote id ({@code syncedId}): its column is {@link #syncedIdColumn()}. */
        SYNCED_ID,
        /** {@code syncedCreatedAt}: the remote {@code created_at}. */
        SYNCED_CREATED_AT,
        /** {@code syncedUpdatedAt}: the remote {@code updated_at}. */
        SYNCED_UPDATED_AT,
        /** {@code syncedCanceledAt}: present, the model is soft-deletable. */
        SYNCED_CANCELED_AT,
        /** {@code syncedData}: always assigned the whole received record as JSON text. */
        SYNCED_DATA
    }

    /**
     * One column of the table.
     *
     * @param attribute the transformed attribute filling it ({@code synced_id}, {@code name}, …)
     * @param column its column
     * @param type how its values convert
     * @param role its role
     */
    public record Column(String attribute, String column, ValueType type, Role role) {

        /** Checks that no part is null. */
        public Column {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(role, "role");
        }
    }

    private final String modelName;
    private final String table;
    private final Column[] columns;
    private final String syncedIdColumn;
    private final int createdAt;
    private final int updatedAt;
    private final int canceledAt;

    /**
     * A factory over this table.
     *
     * @param modelName the remote model name, e.g. {@code "User"}
     * @param table the local table
     * @param columns the model's columns in declaration order ({@link #column}); {@link #get} and {@link #set}
     *     take their indexes; exactly one {@link Role#SYNCED_ID}, at most one of each other role but
     *     {@link Role#NONE}
     * @throws IllegalArgumentException when the roles are not so
     */
    protected SyncedModelFactory(String modelName, String table, Column... columns) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.table = Objects.requireNonNull(table, "table");
        this.columns = columns.clone();
        this.syncedIdColumn = this.columns[single(Role.SYNCED_ID, true)].column();
        this.createdAt = single(Role.SYNCED_CREATED_AT, false);
        this.updatedAt = single(Role.SYNCED_UPDATED_AT, false);
        this.canceledAt = single(Role.SYNCED_CANCELED_AT, false);
        single(Role.SYNCED_DATA, false);
        single(Role.GENERATED_ID, false);
    }

    /** A column of the table: {@code column("full_name", "client_name", TEXT, NONE)}. */
    protected static Column column(String attribute, String column, ValueType type, Role role) {
        return new Column(attribute, column, type, role);
    }

    private int single(Role role, boolean required) {
        int found = -1;
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].role() == role) {
                if (found >= 0) {
                    throw new IllegalArgumentException(modelName + ": two columns of role " + role);
                }
                found = i;
            }
        }
        if (required && found < 0) {
            throw new IllegalArgumentException(modelName + ": no column of role " + role);
        }
        return found;
    }

    /**
     * The value of column {@code index}'s member (boxed for primitives).
     *
     * @throws IndexOutOfBoundsException for an index outside the table
     */
    protected abstract Object get(T model, int index);

    /**
     * Sets column {@code index}'s member to {@code value}, which has the Java type its {@link ValueType} converts
     * to (boxed for primitives, never null for them; the constant's name or null for {@link ValueType#ENUM}).
     *
     * @throws IndexOutOfBoundsException for an index outside the table
     */
    protected abstract void set(T model, int index, Object value);

    @Override
    public final String modelName() {
        return modelName;
    }

    @Override
    public final String table() {
        return table;
    }

    @Override
    public final String syncedIdColumn() {
        return syncedIdColumn;
    }

    @Override
    public final boolean softDeletable() {
        return canceledAt >= 0;
    }

    @Override
    public final void assign(T model, Map<String, Object> attributes) {
        int data = -1;
        for (int i = 0; i < columns.length; i++) {
            Column column = columns[i];
            if (column.role() == Role.SYNCED_DATA) {
                data = i;
            } else if (column.role() != Role.GENERATED_ID && attributes.containsKey(column.attribute())) {
                set(model, i, convert(column, attributes.get(column.attribute())));
            }
        }
        if (data >= 0) {
            set(model, data, WireValues.toJson(attributes));
        }
    }

    @Override
    public final Map<String, Object> columns(T model) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].role() != Role.GENERATED_ID) {
                values.put(columns[i].column(), get(model, i));
            }
        }
        return values;
    }

    @Override
    public final T read(ResultSet row) throws SQLException {
        T model = newInstance();
        for (int i = 0; i < columns.length; i++) {
            set(model, i, read(row, columns[i]));
        }
        return model;
    }

    @Override
    public final Instant syncedCreatedAt(T model) {
        return createdAt < 0 ? null : WireValues.instantOf(get(model, createdAt));
    }

    @Override
    public final Instant syncedUpdatedAt(T model) {
        return updatedAt < 0 ? null : WireValues.instantOf(get(model, updatedAt));
    }

    @Override
    public final Instant syncedCanceledAt(T model) {
        return canceledAt < 0 ? null : WireValues.instantOf(get(model, canceledAt));
    }

    @Override
    public final void syncedCanceledAt(T model, Instant time) {
        if (canceledAt >= 0) {
            set(model, canceledAt, convert(columns[canceledAt], time));
        }
    }

    /** A received value converted to the member's type ({@link WireValues}); ENUM as the constant's name. */
    private static Object convert(Column column, Object value) {
        String attribute = column.attribute();
        return switch (column.type()) {
            case TEXT -> WireValues.toText(value, attribute);
            case LONG -> WireValues.toLong(value, attribute);
            case LONG_OR_ZERO -> WireValues.toLongOrZero(value, attribute);
            case INTEGER -> WireValues.toInteger(value, attribute);
            case INT_OR_ZERO -> WireValues.toIntOrZero(value, attribute);
            case SHORT -> WireValues.toShort(value, attribute);
            case SHORT_OR_ZERO -> WireValues.toShortOrZero(value, attribute);
            case DOUBLE -> WireValues.toDouble(value, attribute);
            case DOUBLE_OR_ZERO -> WireValues.toDoubleOrZero(value, attribute);
            case BOOLEAN -> WireValues.toBoolean(value, attribute);
            case BOOLEAN_OR_FALSE -> WireValues.toBooleanOrFalse(value, attribute);
            case BIG_DECIMAL -> WireValues.toBigDecimal(value, attribute);
            case BIG_INTEGER -> WireValues.toBigInteger(value, attribute);
            case INSTANT -> WireValues.toInstant(value, attribute);
            case OFFSET_DATE_TIME -> WireValues.toOffsetDateTime(value, attribute);
            case ZONED_DATE_TIME -> WireValues.toZonedDateTime(value, attribute);
            case LOCAL_DATE_TIME -> WireValues.toLocalDateTime(value, attribute);
            case LOCAL_DATE -> WireValues.toLocalDate(value, attribute);
            case UUID -> WireValues.toUuid(value, attribute);
            case BYTES -> WireValues.toBytes(value, attribute);
            case ENUM -> WireValues.toEnumName(value, attribute);
        };
    }

    /** A column of the current row in the member's type ({@link JdbcValues}); ENUM as the constant's name. */
    private static Object read(ResultSet row, Column column) throws SQLException {
        String name = column.column();
        return switch (column.type()) {
            case TEXT -> JdbcValues.read(row, name, String.class);
            case LONG -> JdbcValues.read(row, name, Long.class);
            case LONG_OR_ZERO -> JdbcValues.readLongOrZero(row, name);
            case INTEGER -> JdbcValues.read(row, name, Integer.class);
            case INT_OR_ZERO -> JdbcValues.readIntOrZero(row, name);
            case SHORT -> JdbcValues.read(row, name, Short.class);
            case SHORT_OR_ZERO -> JdbcValues.readShortOrZero(row, name);
            case DOUBLE -> JdbcValues.read(row, name, Double.class);
            case DOUBLE_OR_ZERO -> JdbcValues.readDoubleOrZero(row, name);
            case BOOLEAN -> JdbcValues.read(row, name, Boolean.class);
            case BOOLEAN_OR_FALSE -> JdbcValues.readBooleanOrFalse(row, name);
            case BIG_DECIMAL -> JdbcValues.read(row, name, BigDecimal.class);
            case BIG_INTEGER -> JdbcValues.read(row, name, BigInteger.class);
            case INSTANT -> JdbcValues.readInstant(row, name);
            case OFFSET_DATE_TIME -> JdbcValues.readOffsetDateTime(row, name);
            case ZONED_DATE_TIME -> JdbcValues.readZonedDateTime(row, name);
            case LOCAL_DATE_TIME -> JdbcValues.read(row, name, LocalDateTime.class);
            case LOCAL_DATE -> JdbcValues.read(row, name, LocalDate.class);
            case UUID -> JdbcValues.read(row, name, UUID.class);
            case BYTES -> row.getBytes(name);
            case ENUM -> row.getString(name);
        };
    }
}
