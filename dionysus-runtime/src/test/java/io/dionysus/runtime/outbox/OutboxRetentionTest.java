package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.H2;
import static io.dionysus.testkit.TestDatabase.Kind.MARIADB;
import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Retention deletes only published rows older than the retention age, in batches, on each database. */
class OutboxRetentionTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void onlyOldPublishedRowsAreDeleted(TestDatabase db) throws SQLException {
        OutboxSchema.install(db.dataSource());
        Outbox outbox = Outbox.builder().clock(Clock.fixed(NOW.minus(Duration.ofDays(30)), ZoneOffset.UTC)).build();
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            for (int i = 1; i <= 9; i++) {
                outbox.insert(connection, List.of(new OutboxEntry("User", String.valueOf(i), "user_created",
                        "v1_users", null, "User:" + i, "{}", null)));
            }
            connection.commit();
        }
        // ids 1-5 published 8 days ago, 6 published an hour ago, 7 failed long ago, 8-9 never published
        markPublished(db, NOW.minus(Duration.ofDays(8)), 1, 2, 3, 4, 5);
        markPublished(db, NOW.minus(Duration.ofHours(1)), 6);
        db.execute("UPDATE dionysus_outboxes SET attempts = 3, error_class = 'Boom' WHERE id = 7");

        OutboxRetention retention = OutboxRetention.builder(db.dataSource()).keepPublished(Duration.ofDays(7))
                .batchSize(2).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        assertEquals(5, retention.countExpired());
        List<Long> batches = new java.util.ArrayList<>();
        assertEquals(5, retention.deleteExpired(batches::add), "three batches: 2 + 2 + 1");
        assertEquals(List.of(2L, 2L, 1L), batches);
        assertEquals(0, retention.countExpired());
        assertEquals(List.of(6L, 7L, 8L, 9L), OutboxRows.all(db.dataSource()).stream()
                .map(row -> ((Number) row.get("id")).longValue()).toList());
        assertEquals(0, retention.deleteExpired(), "nothing left to delete");
    }

    @org.junit.jupiter.api.Test
    void badSettingsAreRefused() {
        OutboxRetention.Builder builder = OutboxRetention.builder(io.dionysus.testkit.TestDatabases.create(H2)
                .dataSource());
        assertThrows(IllegalArgumentException.class, () -> builder.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> builder.keepPublished(Duration.ofDays(-1)));
    }

    private static void markPublished(TestDatabase db, Instant at, long... ids) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE dionysus_outboxes SET published_at = ? WHERE id = ?")) {
            for (long id : ids) {
                update.setObject(1, Timestamps.of(connection).bind(at));
                update.setLong(2, id);
                update.executeUpdate();
            }
        }
    }
}
