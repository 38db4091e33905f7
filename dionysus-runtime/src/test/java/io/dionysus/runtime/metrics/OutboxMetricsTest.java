package io.dionysus.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import io.dionysus.runtime.outbox.OutboxInspector;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The gauges read the outbox: pending, failing, the oldest pending row's age, and the rows an operator skipped. */
class OutboxMetricsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @AllDatabases
    void gaugesCountPendingFailingAndSkippedRows(TestDatabase db) throws Exception {
        OutboxSchema.install(db.dataSource());
        Outbox outbox = Outbox.builder().clock(Clock.fixed(NOW.minus(Duration.ofMinutes(2)), ZoneOffset.UTC)).build();
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            outbox.insert(connection, List.of(row(1, "a"), row(2, "a"), row(3, "b"), row(4, "c")));
            connection.commit();
        }
        db.execute("UPDATE dionysus_outboxes SET attempts = 2, error_class = 'Boom' WHERE id IN (1, 3)");
        OutboxInspector inspector = new OutboxInspector(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertTrue(inspector.skip(3));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new OutboxMetrics(inspector, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO).bindTo(registry);
        assertEquals(3.0, registry.get("dionysus.outbox.pending").gauge().value());
        assertEquals(1.0, registry.get("dionysus.outbox.failing").gauge().value());
        assertEquals(1.0, registry.get("dionysus.outbox.skipped").gauge().value(), "neither pending nor published");
        assertEquals(120.0, registry.get("dionysus.outbox.oldest.pending.age").gauge().value());
    }

    private static OutboxEntry row(long id, String partitionKey) {
        return new OutboxEntry("User", String.valueOf(id), "user_created", "v1_users", partitionKey, "User:" + id,
                "{}", null);
    }
}
