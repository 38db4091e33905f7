package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.H2;
import static io.dionysus.testkit.TestDatabase.Kind.MARIADB;
import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The operator's view of the outbox and the retry and skip of a failed row, on each database. */
class OutboxInspectorTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void statusFailedRowsStalledKeysRetryAndSkip(TestDatabase db) throws SQLException {
        OutboxSchema.install(db.dataSource());
        Outbox outbox = Outbox.builder().clock(Clock.fixed(NOW.minus(Duration.ofMinutes(5)), ZoneOffset.UTC)).build();
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            outbox.insert(connection, List.of(
                    row("1", "v1_users", "acct-1"),      // 1: failed, holds 2 back
                    row("2", "v1_users", "acct-1"),      // 2: waits behind 1
                    row("3", "v1_users", "acct-2"),      // 3: pending, other key
                    row("4", "v1_rentals", null),        // 4: published
                    row("5", "v1_rentals", null)));      // 5: pending
            connection.commit();
        }
        db.execute("UPDATE dionysus_outboxes SET attempts = 2, error_class = 'RecordTooLargeException',"
                + " error_message = 'too large' WHERE id = 1");
        db.execute("UPDATE dionysus_outboxes SET published_at = created_at WHERE id = 4");
        // the relay held row 2 back behind row 1 until row 1's retry
        db.execute("UPDATE dionysus_outboxes SET retry_at = created_at + INTERVAL '1' HOUR WHERE id IN (1, 2)");
        OutboxInspector inspector = new OutboxInspector(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));

        List<OutboxInspector.TopicStatus> topics = inspector.topics();
        assertEquals(List.of("v1_rentals", "v1_users"), topics.stream().map(OutboxInspector.TopicStatus::topic)
                .toList());
        assertEquals(1, topics.get(0).pending());
        assertEquals(0, topics.get(0).failed());
        assertEquals(3, topics.get(1).pending());
        assertEquals(1, topics.get(1).failed());
        assertEquals(NOW.minus(Duration.ofMinutes(5)), topics.get(1).oldestPending());
        assertEquals(Map.of("v1_rentals", 1L), inspector.publishedSince(NOW.minus(Duration.ofHours(1))));
        assertEquals(Map.of(), inspector.publishedSince(NOW.minus(Duration.ofMinutes(1))));
        assertEquals(Map.of(), inspector.skipped());

        List<OutboxInspector.FailedRow> failed = inspector.failedRows(10);
        assertEquals(1, failed.size());
        OutboxInspector.FailedRow stalled = failed.get(0);
        assertEquals(1, stalled.id());
        assertEquals("acct-1", stalled.partitionKey());
        assertEquals("RecordTooLargeException", stalled.errorClass());
        assertEquals(1, stalled.waiting(), "row 2 of the same key waits behind it");

        assertTrue(inspector.retry(1));
        assertEquals(NOW, OutboxRows.query(db.dataSource(), "SELECT retry_at FROM dionysus_outboxes WHERE id = 1")
                .stream().map(row -> instant(row.get("retry_at"))).findFirst().orElseThrow());
        assertFalse(inspector.retry(4), "published rows are not retried");

        assertEquals(NOW, OutboxRows.query(db.dataSource(), "SELECT retry_at FROM dionysus_outboxes WHERE id = 2")
                .stream().map(row -> instant(row.get("retry_at"))).findFirst().orElseThrow(),
                "the row held behind it is due with it");
        db.execute("UPDATE dionysus_outboxes SET retry_at = created_at + INTERVAL '1' HOUR WHERE id IN (1, 2)");
        assertTrue(inspector.skip(1));
        assertEquals(NOW, OutboxRows.query(db.dataSource(), "SELECT retry_at FROM dionysus_outboxes WHERE id = 2")
                .stream().map(row -> instant(row.get("retry_at"))).findFirst().orElseThrow(),
                "skipping releases the row held behind it");
        Map<String, Object> skipped = OutboxRows.query(db.dataSource(),
                "SELECT * FROM dionysus_outboxes WHERE id = 1").get(0);
        assertNotNull(skipped.get("skipped_at"));
        assertNotNull(skipped.get("published_at"), "the relay is done with it");
        assertEquals("RecordTooLargeException", skipped.get("error_class"), "kept for audit");
        assertEquals(List.of(), inspector.failedRows(10));
        assertEquals(Map.of("v1_users", 1L), inspector.skipped());
        assertEquals(Map.of("v1_rentals", 1L), inspector.publishedSince(NOW.minus(Duration.ofHours(1))),
                "a skipped row is not counted as published");
        assertEquals(2, inspector.topics().get(1).pending(), "row 2 is free to go");
        assertFalse(inspector.skip(1), "skipped once");
        assertNull(OutboxRows.query(db.dataSource(), "SELECT skipped_at FROM dionysus_outboxes WHERE id = 2").get(0)
                .get("skipped_at"));
    }

    /**
     * A batch: the failed rows among the ids are skipped in one transaction, the never-failed rows held behind each
     * skipped row's key (partition key, else message key) are due now, other keys' rows are untouched; one entry per
     * stalled key, oldest first.
     */
    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aBatchSkipsItsFailedRowsAndReleasesTheirKeys(TestDatabase db) throws SQLException {
        OutboxSchema.install(db.dataSource());
        Outbox outbox = Outbox.builder().clock(Clock.fixed(NOW.minus(Duration.ofMinutes(5)), ZoneOffset.UTC)).build();
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            outbox.insert(connection, List.of(
                    row("1", "v1_users", "acct-1"),      // 1: failed
                    row("2", "v1_users", "acct-1"),      // 2: failed, behind 1
                    row("3", "v1_users", "acct-1"),      // 3: waits behind 1 and 2
                    row("4", "v1_rentals", null),        // 4: failed, message key User:4
                    row("5", "v1_rentals", null),        // 5: another message key: not held by 4
                    row("6", "v1_users", "acct-2")));    // 6: failed, not in the batch
            connection.commit();
        }
        db.execute("UPDATE dionysus_outboxes SET attempts = 1, error_class = 'Boom' WHERE id IN (1, 2, 4, 6)");
        db.execute("UPDATE dionysus_outboxes SET retry_at = created_at + INTERVAL '1' HOUR");
        OutboxInspector inspector = new OutboxInspector(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(List.of(1L, 4L, 6L), inspector.stalledKeys(10).stream().map(OutboxInspector.FailedRow::id)
                .toList(), "one entry per key: 2 is behind 1");
        assertEquals(3, inspector.stalledKeyCount());
        assertEquals(2, inspector.stalledKeys(10).get(0).waiting());

        assertEquals(List.of(1L, 4L), inspector.skip(List.of(4L, 1L, 3L, 999L)), "3 never failed, 999 is no row");
        Map<Long, Instant> retryAt = new java.util.TreeMap<>();
        for (Map<String, Object> row : OutboxRows.query(db.dataSource(),
                "SELECT id, retry_at FROM dionysus_outboxes WHERE published_at IS NULL")) {
            retryAt.put(((Number) row.get("id")).longValue(), instant(row.get("retry_at")));
        }
        Instant later = NOW.plus(Duration.ofMinutes(55));
        assertEquals(Map.of(2L, later, 3L, NOW, 5L, later, 6L, later), retryAt,
                "3 is released; 2 failed itself and keeps its back-off; 5 and 6 are other keys");
        assertEquals(List.of(2L, 6L), inspector.stalledKeys(10).stream().map(OutboxInspector.FailedRow::id).toList());

        List<Long> tooMany = java.util.stream.LongStream.rangeClosed(1, OutboxInspector.MAX_BATCH + 1).boxed()
                .toList();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> inspector.retry(tooMany));
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void installAddsSkippedAtToATableOfAnEarlierVersion(TestDatabase db) {
        Dialect dialect = db.kind() == H2 ? Dialect.H2 : db.kind() == POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
        String create = OutboxSchema.statements(dialect).get(0);
        db.execute(create.replaceAll("\\s*skipped_at[^,]*,", ""));
        assertTrue(OutboxRows.query(db.dataSource(), "SELECT * FROM dionysus_outboxes").isEmpty());
        OutboxSchema.install(db.dataSource());
        OutboxSchema.install(db.dataSource());
        db.execute("INSERT INTO dionysus_outboxes (resource_class, resource_id, event_name, topic, message_key,"
                + " attempts, created_at, updated_at, skipped_at) VALUES ('User', '1', 'user_created', 't', 'User:1', 0,"
                + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
    }

    private static OutboxEntry row(String id, String topic, String partitionKey) {
        return new OutboxEntry("User", id, "user_created", topic, partitionKey, "User:" + id, "{}", null);
    }

    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        throw new AssertionError(value == null ? "null" : value.getClass().getName());
    }
}
