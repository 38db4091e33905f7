package io.dionysus.runtime.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * JDBC binding and reading of synced model values, portable between PostgreSQL and H2. For generated code; not API.
 *
 * <p>Times in columns without a time zone ({@code TIMESTAMP}, {@code DATETIME}) are UTC wall time, as Rails stores
 * them, whatever the JVM's zone: read here by the column's type, and bound with {@link #bindUtcWallTime} by the
 * consumer, which knows the column's type from its reads.
 */
public final class JdbcValues {

    private JdbcValues() {
    }

    /** Binds a member value: times as UTC {@code OffsetDateTime}, enums and chars as text, the rest as is. */
    public static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof Instant instant) {
            statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else if (value instanceof ZonedDateTime zoned) {
            statement.setObject(index, zoned.toOffsetDateTime());
        } else if (value instanceof Enum<?> constant) {
            statement.setString(index, constant.name());
        } else if (value instanceof Character c) {
            statement.setString(index, c.toString());
        } else {
            statement.setObject(index, value);
        }
    }

    /**
     * As {@link #bind}, but an {@code Instant}, {@code OffsetDateTime} or {@code ZonedDateTime} is bound as its UTC
     * wall time ({@code LocalDateTime}): for a column without a time zone, which drivers would otherwise fill with
     * the wall time of the JVM's zone.
     */
    public static void bindUtcWallTime(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof Instant instant) {
            statement.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else if (value instanceof OffsetDateTime offset) {
            statement.setObject(index, LocalDateTime.ofInstant(offset.toInstant(), ZoneOffset.UTC));
        } else if (value instanceof ZonedDateTime zoned) {
            statement.setObject(index, LocalDateTime.ofInstant(zoned.toInstant(), ZoneOffset.UTC));
        } else {
            bind(statement, index, value);
        }
    }

    /**
     * Whether a result column is a timestamp without a time zone: JDBC type {@code TIMESTAMP} whose database type
     * name says nothing of a zone (PostgreSQL reports {@code timestamptz} as {@code TIMESTAMP} too, by name).
     */
    public static boolean isZoneLessTimestamp(ResultSetMetaData meta, int column) throws SQLException {
        if (meta.getColumnType(column) != Types.TIMESTAMP) {
            return false;
        }
        String name = String.valueOf(meta.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
        return !name.contains("tz") && !name.contains("zone") && !name.contains("offset");
    }

    /** A time column as an instant; one without a time zone holds UTC wall time. */
    public static Instant readInstant(ResultSet row, String column) throws SQLException {
        return readInstant(row, row.findColumn(column));
    }

    /** As {@link #readInstant(ResultSet, String)}, by column index. */
    public static Instant readInstant(ResultSet row, int column) throws SQLException {
        if (isZoneLessTimestamp(row.getMetaData(), column)) {
            LocalDateTime wallTime = row.getObject(column, LocalDateTime.class);
            return wallTime == null ? null : wallTime.toInstant(ZoneOffset.UTC);
        }
        return readInstantWithZone(row, column);
    }

    /**
     * A {@code TIMESTAMP WITH TIME ZONE} column as an instant, whatever the driver returns for it; a column
     * without a zone is read through the JVM's zone, as its driver binds one. For the outbox, whose DDL has zones.
     */
    public static Instant readInstantWithZone(ResultSet row, int column) throws SQLException {
        return instant(row.getObject(column), () -> row.getObject(column, OffsetDateTime.class));
    }

    private interface Fallback {
        OffsetDateTime read() throws SQLException;
    }

    // drivers differ in what getObject returns for TIMESTAMP WITH TIME ZONE: accept them all
    private static Instant instant(Object value, Fallback fallback) throws SQLException {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        return fallback.read().toInstant();
    }

    public static OffsetDateTime readOffsetDateTime(ResultSet row, String column) throws SQLException {
        Instant instant = readInstant(row, column);
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static ZonedDateTime readZonedDateTime(ResultSet row, String column) throws SQLException {
        Instant instant = readInstant(row, column);
        return instant == null ? null : instant.atZone(ZoneOffset.UTC);
    }

    /** Any other type the driver converts itself ({@code getObject(column, type)}). */
    public static <V> V read(ResultSet row, String column, Class<V> type) throws SQLException {
        return row.getObject(column, type);
    }

    public static long readLongOrZero(ResultSet row, String column) throws SQLException {
        Long value = row.getObject(column, Long.class);
        return value == null ? 0L : value;
    }

    public static int readIntOrZero(ResultSet row, String column) throws SQLException {
        Integer value = row.getObject(column, Integer.class);
        return value == null ? 0 : value;
    }

    public static short readShortOrZero(ResultSet row, String column) throws SQLException {
        Short value = row.getObject(column, Short.class);
        return value == null ? 0 : value;
    }

    public static double readDoubleOrZero(ResultSet row, String column) throws SQLException {
        Double value = row.getObject(column, Double.class);
        return value == null ? 0.0 : value;
    }

    public static boolean readBooleanOrFalse(ResultSet row, String column) throws SQLException {
        Boolean value = row.getObject(column, Boolean.class);
        return value != null && value;
    }
}
