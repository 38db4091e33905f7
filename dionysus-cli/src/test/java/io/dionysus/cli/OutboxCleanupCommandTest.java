package io.dionysus.cli;

import static io.dionysus.cli.OutboxStatusCommandTest.insert;
import static io.dionysus.cli.OutboxStatusCommandTest.markPublished;
import static io.dionysus.cli.OutboxStatusCommandTest.row;
import static io.dionysus.cli.OutboxStatusCommandTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code outbox cleanup} deletes only old published rows, in batches, showing its progress as plain lines. */
class OutboxCleanupCommandTest {

    @AllDatabases
    void removesOnlyOldPublishedRows(TestDatabase db) throws Exception {
        OutboxSchema.install(db.dataSource());
        Instant now = Instant.now();
        insert(db, now.minus(Duration.ofDays(30)), row(1, "t", "a"), row(2, "t", "b"), row(3, "t", "c"),
                row(4, "t", "d"), row(5, "t", "e"), row(6, "t", "f"), row(7, "t", "g"));
        // 1-3 published 8 days ago, 4 published an hour ago, 5 failed long ago, 6-7 never published
        markPublished(db, now.minus(Duration.ofDays(8)), 1, 2, 3);
        markPublished(db, now.minus(Duration.ofHours(1)), 4);
        db.execute("UPDATE dionysus_outboxes SET attempts = 4, error_class = 'Boom' WHERE id = 5");

        Cli dryRun = Cli.run("outbox", "cleanup", "--older-than", "7d", "--dry-run", "--jdbc-url", db.jdbcUrl(),
                "--jdbc-user", user(db));
        assertEquals("Dry run: would delete 3 rows published more than 7d ago.\n", dryRun.out(), dryRun.toString());
        assertEquals(7, OutboxRows.all(db.dataSource()).size());

        Cli cleanup = Cli.run("outbox", "cleanup", "--older-than", "7d", "--batch-size", "2", "--jdbc-url",
                db.jdbcUrl(), "--jdbc-user", user(db));
        assertEquals(0, cleanup.exitCode(), cleanup.toString());
        assertEquals("Deleted 3 rows published more than 7d ago.\n", cleanup.out());
        assertEquals(List.of(4L, 5L, 6L, 7L), OutboxRows.all(db.dataSource()).stream()
                .map(row -> ((Number) row.get("id")).longValue()).toList());
        // not on a terminal: plain progress lines, no carriage returns, the last one complete
        assertFalse(cleanup.err().contains("\r"), cleanup.err());
        List<String> lines = cleanup.err().lines().toList();
        assertTrue(lines.get(lines.size() - 1).matches("cleanup 100% \\[=+\\] 3/3 rows \\(\\S+ / \\S+\\) .*rows/s"),
                cleanup.err());
    }

    @AllDatabases({io.dionysus.testkit.TestDatabase.Kind.H2})
    void aCleanupOfRowsPublishedWithinTheHourNeedsYes(TestDatabase db) throws Exception {
        OutboxSchema.install(db.dataSource());
        Instant now = Instant.now();
        insert(db, now.minus(Duration.ofDays(1)), row(1, "t", "a"), row(2, "t", "b"));
        markPublished(db, now.minus(Duration.ofMinutes(10)), 1);

        Cli refused = Cli.run("outbox", "cleanup", "--older-than", "0s", "--jdbc-url", db.jdbcUrl(),
                "--jdbc-user", user(db));
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("add --yes to confirm"), refused.err());
        assertEquals(2, OutboxRows.all(db.dataSource()).size(), "nothing deleted");

        Cli counted = Cli.run("outbox", "cleanup", "--older-than", "0s", "--dry-run", "--jdbc-url", db.jdbcUrl(),
                "--jdbc-user", user(db));
        assertEquals(0, counted.exitCode(), counted.toString());

        Cli confirmed = Cli.run("outbox", "cleanup", "--older-than", "0s", "--yes", "--jdbc-url", db.jdbcUrl(),
                "--jdbc-user", user(db));
        assertEquals(0, confirmed.exitCode(), confirmed.toString());
        assertEquals(List.of(2L), OutboxRows.all(db.dataSource()).stream()
                .map(row -> ((Number) row.get("id")).longValue()).toList(), "the published row only");
    }

    @org.junit.jupiter.api.Test
    void olderThanIsRequiredAndReadAsADuration() {
        Cli missing = Cli.run("outbox", "cleanup", "--jdbc-url", "jdbc:h2:mem:x");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("Missing required option: '--older-than=<duration>'"), missing.err());
        Cli bad = Cli.run("outbox", "cleanup", "--older-than", "a week", "--jdbc-url", "jdbc:h2:mem:x");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("'a week' is not a duration: write a number and a unit (500ms, 90s, 15m, 7d,"
                + " 1h30m) or ISO-8601 (PT15M)"), bad.err());
    }
}
