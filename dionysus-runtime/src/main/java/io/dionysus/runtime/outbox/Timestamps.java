package io.dionysus.runtime.outbox;

import io.dionysus.runtime.internal.JdbcValues;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * How the outbox binds and reads its timestamp columns. PostgreSQL's and H2's {@code TIMESTAMP WITH TIME ZONE} take
 * an {@code OffsetDateTime}. MySQL's and MariaDB's {@code DATETIME(6)} hold UTC wall time, as Rails stores it: given
 * an {@code OffsetDateTime} their drivers convert it to the JVM's default zone first, so a relay in New York would
 * write New York wall times and one in another zone would misread {@code retry_at}. There they are bound and read as
 * UTC {@code LocalDateTime}s.
 */
enum Timestamps {
    WITH_TIME_ZONE,
    UTC_WALL_TIME;

    static Timestamps of(Connection connection) throws SQLException {
        return Dialect.detect(connection) == Dialect.MYSQL ? UTC_WALL_TIME : WITH_TIME_ZONE;
    }

    Object bind(Instant instant) {
        return this == UTC_WALL_TIME ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : instant.atOffset(ZoneOffset.UTC);
    }

    Instant read(ResultSet rows, int column) throws SQLException {
        if (this == UTC_WALL_TIME) {
            LocalDateTime value = rows.getObject(column, LocalDateTime.class);
            return value == null ? null : value.toInstant(ZoneOffset.UTC);
        }
        return JdbcValues.readInstantWithZone(rows, column);
    }
}
