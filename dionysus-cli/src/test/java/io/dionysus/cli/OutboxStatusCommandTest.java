package io.dionysus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** {@code outbox status}: the figures of a known outbox, as a table and as JSON, and the probe's exit code. */
class OutboxStatusCommandTest {

    @AllDatabases
    void figuresMatchAKnownOutbox(TestDatabase db) throws Exception {
        OutboxSchema.install(db.dataSource());
        Instant now = Instant.now();
        // users: 1 failed 20 min ago (holds 2 back), 2 waiting, 3 published 30 s ago, 4 published 10 min ago,
        // 5 published 2 h ago, 6 skipped; rentals: 7 pending since 20 min, 8 published 30 s ago
        insert(db, now.minus(Duration.ofMinutes(20)), row(1, "v1_users", "acct-1"), row(2, "v1_users", "acct-1"),
                row(3, "v1_users", "acct-2"), row(4, "v1_users", "acct-3"), row(5, "v1_users", "acct-4"),
                row(6, "v1_users", "acct-5"), row(7, "v1_rentals", null), row(8, "v1_rentals", null));
        db.execute("UPDATE dionysus_outboxes SET attempts = 3, error_class = 'RecordTooLargeException',"
                + " error_message = 'too large' WHERE id = 1");
        db.execute("UPDATE dionysus_outboxes SET attempts = 1, error_class = 'Boom', error_message = 'boom'"
                + " WHERE id = 6");
        markPublished(db, now.minus(Duration.ofSeconds(30)), 3, 8);
        markPublished(db, now.minus(Duration.ofMinutes(10)), 4);
        markPublished(db, now.minus(Duration.ofHours(2)), 5);
        Cli skip = Cli.run("outbox", "skip", "--id", "6", "--jdbc-url", db.jdbcUrl(), "--jdbc-user", user(db));
        assertEquals(0, skip.exitCode(), skip.toString());

        Cli json = Cli.run("outbox", "status", "--json", "--stalled-after", "1h", "--jdbc-url", db.jdbcUrl(),
                "--jdbc-user", user(db));
        assertEquals(0, json.exitCode(), json.toString());
        JsonNode status = new ObjectMapper().readTree(json.out());
        assertEquals(false, status.get("stalled").asBoolean());
        JsonNode rentals = status.get("topics").get(0);
        JsonNode users = status.get("topics").get(1);
        assertEquals("v1_rentals", rentals.get("topic").asText());
        assertEquals(List.of(1L, 0L, 1L, 1L, 0L), figures(rentals));
        assertEquals("v1_users", users.get("topic").asText());
        assertEquals(List.of(2L, 1L, 1L, 2L, 1L), figures(users), "pending, failed, 1 min, 1 h, skipped");
        long age = users.get("oldestPendingAgeSeconds").asLong();
        assertTrue(age >= 20 * 60 && age < 25 * 60, "about 20 minutes: " + age);
        JsonNode stalled = status.get("stalledKeys");
        assertEquals(1, stalled.size(), json.out());
        assertEquals("User:1", stalled.get(0).get("key").asText());
        assertEquals("acct-1", stalled.get(0).get("partitionKey").asText());
        assertEquals(1, stalled.get(0).get("rowId").asLong());
        assertEquals(1, stalled.get(0).get("waiting").asLong());
        assertEquals("RecordTooLargeException", stalled.get(0).get("errorClass").asText());

        Cli table = Cli.run("outbox", "status", "--stalled-after", "1h", "--jdbc-url", db.jdbcUrl(), "--jdbc-user",
                user(db));
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.out().contains("TOPIC       PENDING  FAILED  OLDEST PENDING  PUBLISHED 1M  PUBLISHED 1H"
                + "  SKIPPED"), table.out());
        assertTrue(table.out().matches("(?s).*v1_users\\s+2\\s+1\\s+2\\dm \\d+s\\s+1\\s+2\\s+1\n.*"), table.out());
        assertTrue(table.out().contains("Stalled keys"), table.out());
        assertTrue(table.out().matches("(?s).*v1_users\\s+User:1\\s+acct-1\\s+"
                + "\\S+Z \\(2\\dm \\d+s\\)\\s+1\\s+3\\s+1\\s+"
                + "RecordTooLargeException: too large.*"), table.out());

        Cli probe = Cli.run("outbox", "status", "--stalled-after", "15m", "--jdbc-url", db.jdbcUrl(), "--jdbc-user",
                user(db));
        assertEquals(DionysusCli.EXIT_STALLED, probe.exitCode(), probe.toString());
        assertTrue(probe.err().contains("stalled: v1_rentals has a row waiting for 2"), probe.err());
        assertTrue(probe.err().contains("stalled: v1_users has a row waiting for 2"), probe.err());
    }

    @AllDatabases
    void anEmptyOutboxIsNoProblem(TestDatabase db) {
        OutboxSchema.install(db.dataSource());
        Cli status = Cli.run("outbox", "status", "--jdbc-url", db.jdbcUrl(), "--jdbc-user", user(db));
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("The outbox is empty"), status.out());
        assertTrue(status.out().contains("No stalled keys."), status.out());
    }

    @org.junit.jupiter.api.Test
    void anUnreachableDatabaseIsAClearErrorAndNoDatabaseAUsageError() {
        Cli down = Cli.run("outbox", "status", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none");
        assertEquals(1, down.exitCode(), down.toString());
        assertTrue(down.err().startsWith("dionysus: cannot read dionysus_outboxes"), down.err());

        Cli none = Cli.run("outbox", "status", "--jdbc-url", "");
        assertEquals(2, none.exitCode(), none.toString());
        assertTrue(none.err().contains("no database: give --jdbc-url or set DIONYSUS_JDBC_URL"), none.err());
    }

    static String user(TestDatabase db) {
        return db.kind() == TestDatabase.Kind.H2 ? "sa" : "postgres";
    }

    private static List<Long> figures(JsonNode topic) {
        return List.of(topic.get("pending").asLong(), topic.get("failed").asLong(),
                topic.get("publishedLastMinute").asLong(), topic.get("publishedLastHour").asLong(),
                topic.get("skipped").asLong());
    }

    static OutboxEntry row(long id, String topic, String partitionKey) {
        return new OutboxEntry("User", String.valueOf(id), "user_created", topic, partitionKey, "User:" + id, "{}",
                null);
    }

    static void insert(TestDatabase db, Instant at, OutboxEntry... rows) throws SQLException {
        Outbox outbox = Outbox.builder().clock(Clock.fixed(at, ZoneOffset.UTC)).build();
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            outbox.insert(connection, List.of(rows));
            connection.commit();
        }
    }

    static void markPublished(TestDatabase db, Instant at, long... ids) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE dionysus_outboxes SET published_at = ? WHERE id = ?")) {
            for (long id : ids) {
                update.setObject(1, java.time.OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                update.setLong(2, id);
                update.executeUpdate();
            }
        }
    }
}
