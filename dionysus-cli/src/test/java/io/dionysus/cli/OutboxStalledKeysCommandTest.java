package io.dionysus.cli;

import static io.dionysus.cli.OutboxStatusCommandTest.insert;
import static io.dionysus.cli.OutboxStatusCommandTest.row;
import static io.dionysus.cli.OutboxStatusCommandTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dionysus.runtime.outbox.OutboxEntry;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A key whose rows all failed (as when a topic is missing: the relay charges all its rows at once) is one stalled
 * key, and {@code skip} by key or topic skips only its oldest failed row, the one that blocks it — the later failed
 * rows may hold the key's latest state. Also: the stalled list's limit and order, both keys in the tables, usage
 * errors for bad limits, ids that are not failed rows, batches and a batch that fails part-way.
 */
class OutboxStalledKeysCommandTest {

    /**
     * Row 1 (partition key 8) failed 10 min ago; rows 2, 3, 4 (partition key 7) failed 30 min ago, row 5 of key 7
     * waits behind them without having failed.
     */
    private static void allFailed(TestDatabase db, String topic) throws Exception {
        OutboxSchema.install(db.dataSource());
        Instant now = Instant.now();
        insert(db, now.minus(Duration.ofMinutes(10)), row(1, topic, "8"));
        insert(db, now.minus(Duration.ofMinutes(30)), row(2, topic, "7"), row(3, topic, "7"), row(4, topic, "7"),
                row(5, topic, "7"));
        db.execute("UPDATE dionysus_outboxes SET attempts = 1, error_class = 'UnknownTopicOrPartitionException',"
                + " error_message = 'no topic', retry_at = created_at WHERE id < 5");
    }

    @AllDatabases
    void oneEntryPerStalledKeyOldestFirstAndSkipTakesOnlyTheBlockingRow(TestDatabase db) throws Exception {
        allFailed(db, "v1_t");
        Cli json = jdbc(db, "outbox", "status", "--json", "--stalled-after", "1h");
        JsonNode stalled = new ObjectMapper().readTree(json.out()).get("stalledKeys");
        assertEquals(2, stalled.size(), json.out());
        assertEquals(List.of(2L, 1L), List.of(stalled.get(0).get("rowId").asLong(),
                stalled.get(1).get("rowId").asLong()), "one entry per key, the oldest first: " + json.out());
        assertEquals("User:2", stalled.get(0).get("key").asText());
        assertEquals("7", stalled.get(0).get("partitionKey").asText());
        assertEquals(3, stalled.get(0).get("waiting").asLong(), "rows 3, 4 and 5 wait behind row 2");
        assertEquals(2, new ObjectMapper().readTree(json.out()).get("stalledKeyCount").asLong());

        Cli cut = jdbc(db, "outbox", "status", "--limit", "1", "--stalled-after", "1h");
        assertEquals(0, cut.exitCode(), cut.toString());
        assertTrue(cut.out().contains("TOPIC  MESSAGE KEY  PARTITION KEY  SINCE"), cut.out());
        assertTrue(cut.out().matches("(?s).*v1_t\\s+User:2\\s+7\\s+\\S+Z \\(3\\dm \\d+s\\)\\s+2\\s+1\\s+3\\s+"
                + "UnknownTopicOrPartitionException: no topic\n… and 1 more stalled key \\(--limit 1\\)\\.\n"),
                cut.out());

        Cli dryRun = jdbc(db, "outbox", "skip", "--partition-key", "7", "--topic", "v1_t", "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun.toString());
        assertTrue(dryRun.out().startsWith("Dry run: would skip 1 failed row:\n"), dryRun.out());
        assertTrue(dryRun.out().matches("(?s).*\n 2  v1_t\\s+User:2\\s+7 .*"), dryRun.out());
        assertFalse(dryRun.out().matches("(?s).*\n 3  v1_t\\s.*"), dryRun.out());
        assertTrue(dryRun.out().contains("2 later failed rows of the selection wait behind the oldest failed row of"
                + " their key and are left as they are (--all-failed includes them"), dryRun.out());

        Cli skip = jdbc(db, "outbox", "skip", "--partition-key", "7", "--topic", "v1_t");
        assertEquals(0, skip.exitCode(), skip.toString());
        assertTrue(skip.out().startsWith("Skipped 1 failed row;"), skip.out());
        assertEquals(List.of(1L, 3L, 4L, 5L), unpublishedIds(db), "only row 2 was skipped; 4, the key's newest"
                + " failed row, is kept");

        Cli byMessageKey = jdbc(db, "outbox", "skip", "--key", "User:4");
        assertEquals(1, byMessageKey.exitCode(), byMessageKey.toString());
        assertTrue(byMessageKey.err().contains("no failed row of key User:4 to skip; 1 later failed row"),
                byMessageKey.err());

        Cli all = jdbc(db, "outbox", "skip", "--topic", "v1_t", "--all-failed");
        assertEquals(0, all.exitCode(), all.toString());
        assertTrue(all.out().startsWith("Skipped 3 failed rows;"), all.out());
        assertEquals(List.of(5L), unpublishedIds(db));
    }

    @AllDatabases
    void retryNamesTheIdsThatAreNotFailedRows(TestDatabase db) throws Exception {
        allFailed(db, "v1_t");
        Cli retry = jdbc(db, "outbox", "retry", "--id", "1,5,999");
        assertEquals(0, retry.exitCode(), retry.toString());
        assertTrue(retry.out().startsWith("Retried 1 failed row;"), retry.out());
        assertTrue(retry.err().contains("not a failed row (published, never failed, of another key or topic, or no"
                + " such row): 5,999"), retry.err());
    }

    @AllDatabases
    void aMultiLineErrorStaysOnOneTableLine(TestDatabase db) throws Exception {
        allFailed(db, "v1_t");
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE dionysus_outboxes SET error_message = ? WHERE id = 1")) {
            update.setString(1, "first line\nsecond line\r\nthird");
            update.executeUpdate();
        }
        Cli failed = jdbc(db, "outbox", "failed");
        assertTrue(failed.out().contains("UnknownTopicOrPartitionException: first line ⏎ second line ⏎ third\n"),
                failed.out());
    }

    @AllDatabases
    void manyRowsGoInBatches(TestDatabase db) throws Exception {
        OutboxSchema.install(db.dataSource());
        List<OutboxEntry> rows = new ArrayList<>();
        for (int id = 1; id <= 1201; id++) {
            rows.add(row(id, "v1_many", null));
        }
        insert(db, Instant.now(), rows.toArray(OutboxEntry[]::new));
        db.execute("UPDATE dionysus_outboxes SET attempts = 1, error_class = 'Boom'");
        Cli skip = jdbc(db, "outbox", "skip", "--topic", "v1_many");
        assertEquals(0, skip.exitCode(), skip.toString());
        assertTrue(skip.out().startsWith("Skipped 1201 failed rows;"), skip.out());
        assertEquals(List.of(), unpublishedIds(db));
        assertEquals(1, skip.err().lines().filter(line -> line.contains("1201/1201")).count(),
                "the final progress line once: " + skip.err());
    }

    @AllDatabases(TestDatabase.Kind.POSTGRESQL)
    void aBatchThatFailsSaysHowManyRowsWereDone(TestDatabase db) throws Exception {
        OutboxSchema.install(db.dataSource());
        List<OutboxEntry> rows = new ArrayList<>();
        for (int id = 1; id <= 600; id++) {
            rows.add(row(id, "v1_part", null));
        }
        insert(db, Instant.now(), rows.toArray(OutboxEntry[]::new));
        db.execute("UPDATE dionysus_outboxes SET attempts = 1, error_class = 'Boom'",
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$"
                        + " LANGUAGE plpgsql",
                "CREATE TRIGGER refuse BEFORE UPDATE ON dionysus_outboxes FOR EACH ROW WHEN (OLD.id = 550)"
                        + " EXECUTE FUNCTION refuse()");
        Cli skip = jdbc(db, "outbox", "skip", "--topic", "v1_part");
        assertEquals(1, skip.exitCode(), skip.toString());
        assertTrue(skip.err().contains("dionysus: skipped 500 of 600 failed rows, then a batch of 100 failed and was"
                + " rolled back; run again to continue: "), skip.err());
        assertEquals(100, unpublishedIds(db).size());
    }

    @org.junit.jupiter.api.Test
    void badLimitsAndNoSubcommandAreUsageErrors() {
        for (String[] args : List.of(new String[] {"outbox", "status", "--limit", "0"},
                new String[] {"outbox", "status", "--limit", "-1"}, new String[] {"outbox", "failed", "--limit", "-1"},
                new String[] {"tail", "t", "-n", "-1"}, new String[] {"tail", "t", "-n", "0"}, new String[] {},
                new String[] {"outbox"})) {
            Cli cli = Cli.run(args);
            assertEquals(2, cli.exitCode(), String.join(" ", args) + ": " + cli);
            assertTrue(cli.err().contains("Usage: dionysus"), String.join(" ", args) + ": " + cli);
            assertEquals("", cli.out(), String.join(" ", args) + ": " + cli);
        }
        assertTrue(Cli.run("outbox", "status", "--limit", "0", "--jdbc-url", "jdbc:h2:mem:x").err()
                .contains("--limit must be at least 1, not 0"));
    }

    @AllDatabases
    void aMissingTableIsOneClearLine(TestDatabase db) {
        Cli status = jdbc(db, "outbox", "status");
        assertEquals(1, status.exitCode(), status.toString());
        assertEquals("dionysus: no outbox table dionysus_outboxes in this database: create it with"
                + " OutboxSchema.install(dataSource) or your migrations (README, \"Outbox table\")\n", status.err());
    }

    private static Cli jdbc(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--jdbc-url", db.jdbcUrl(), "--jdbc-user", user(db)));
        return Cli.run(all.toArray(String[]::new));
    }

    private static List<Long> unpublishedIds(TestDatabase db) {
        return OutboxRows.unpublished(db.dataSource()).stream().map(row -> ((Number) row.get("id")).longValue())
                .sorted().toList();
    }
}
