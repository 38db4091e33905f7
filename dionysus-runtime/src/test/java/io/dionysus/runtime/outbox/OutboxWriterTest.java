package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.H2;
import static io.dionysus.testkit.TestDatabase.Kind.MARIADB;
import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/** The JDBC outbox writer and the shipped DDL on each database: rows live and die with the caller's transaction. */
class OutboxWriterTest {

    private static final Instant NOW = Instant.parse("2026-03-29T01:30:00.123456Z");
    private static final String PAYLOAD = "{\"message\":[{\"event\":\"user_created\",\"model_name\":\"User\","
            + "\"data\":[{\"name\":\"Zoë 日本 😀\",\"links\":{}}]}]}";

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aRolledBackTransactionLeavesNoRowAndACommittedOneKeepsItExactly(TestDatabase db) throws SQLException {
        OutboxSchema.install(db.dataSource());
        OutboxSchema.install(db.dataSource()); // idempotent
        Outbox outbox = Outbox.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        OutboxEntry entry = new OutboxEntry("User", "1", "user_created", "v1_users", "acct-1", "User:1", PAYLOAD,
                null);

        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            outbox.insert(connection, List.of(entry));
            connection.rollback();
        }
        assertTrue(OutboxRows.all(db.dataSource()).isEmpty(), "rolled back with the business change");

        // written by a JVM in New York, read by one in Kolkata: the instants must survive both
        inTimeZone("America/New_York", () -> {
            try (Connection connection = db.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                outbox.insert(connection, List.of(entry, entry));
                connection.commit();
            }
        });
        List<Map<String, Object>> rows = OutboxRows.unpublished(db.dataSource());
        assertEquals(2, rows.size());
        Map<String, Object> row = rows.get(0);
        assertEquals("User", row.get("resource_class"));
        assertEquals("1", row.get("resource_id"));
        assertEquals("user_created", row.get("event_name"));
        assertEquals("v1_users", row.get("topic"));
        assertEquals("acct-1", row.get("partition_key"));
        assertEquals("User:1", row.get("message_key"));
        assertEquals(PAYLOAD, row.get("payload"), "4-byte UTF-8 kept (utf8mb4 on MariaDB)");
        assertEquals(0, ((Number) row.get("attempts")).intValue());
        assertNull(row.get("published_at"));
        assertTrue(((Number) rows.get(1).get("id")).longValue() > ((Number) row.get("id")).longValue());
        inTimeZone("Asia/Kolkata", () -> {
            try (Connection connection = db.dataSource().getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT created_at, updated_at, CAST(created_at AS CHAR(40)) FROM dionysus_outboxes"
                                    + " ORDER BY id");
                    ResultSet result = select.executeQuery()) {
                result.next();
                Timestamps timestamps = Timestamps.of(connection);
                assertEquals(NOW, timestamps.read(result, 1), "microseconds kept, read back as written");
                assertEquals(NOW, timestamps.read(result, 2));
                if (db.kind() == MARIADB) {
                    assertEquals("2026-03-29 01:30:00.123456", result.getString(3), "UTC wall time, as Rails");
                }
            }
        });
    }

    @AllDatabases
    void aDisabledOutboxWritesNothing(TestDatabase db) throws SQLException {
        OutboxSchema.install(db.dataSource());
        Outbox disabled = Outbox.builder().enabled(false).build();
        try (Connection connection = db.dataSource().getConnection()) {
            disabled.insert(connection, List.of(new OutboxEntry("User", "1", "user_created", "v1_users", null,
                    "User:1", PAYLOAD, null)));
        }
        assertTrue(OutboxRows.all(db.dataSource()).isEmpty());
    }

    private interface Body {
        void run() throws SQLException;
    }

    private static void inTimeZone(String zone, Body body) throws SQLException {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        try {
            body.run();
        } finally {
            TimeZone.setDefault(original);
        }
    }
}
