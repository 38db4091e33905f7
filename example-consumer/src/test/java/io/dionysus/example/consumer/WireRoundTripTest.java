package io.dionysus.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Wire rules of issue 9 end to end: a generated publisher writes the outbox row, the relay sends it to the real
 * broker, the consumer applies it, and the bytes on the topic are the gem's (reference §2, §5, §8).
 */
@ExtendWith(KafkaExtension.class)
class WireRoundTripTest {

    private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Relays every pending row of the database to the broker. */
    private static void relay(TestDatabase db, TestKafka kafka, int expected) {
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).build()) {
            assertEquals(expected, relay.publishPending(Duration.ofSeconds(30)));
        }
    }

    private static ConsumerRecord<String, String> record(TestKafka kafka, String topic, String key) {
        return kafka.readAll(topic).stream().filter(r -> key.equals(r.key())).findFirst()
                .orElseThrow(() -> new AssertionError("no record keyed " + key + " on " + topic));
    }

    /**
     * Rule 5, reference §8 (P5, P12): Ruby's Admin::User is model_name "Admin::User", events admin_user_*, key
     * Admin::User:id; a Java consumer's @SyncedModel("Admin::User") applies it, also when sideloaded under the
     * gem's include name admin_users.
     */
    @AllDatabases
    void aNamespacedModelTravelsUnderItsRubyName(TestDatabase db, TestKafka kafka) throws SQLException {
        long base = System.nanoTime() % 1_000_000 * 10;
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "namespaced", clock)) {
            db.execute(SyncedAdminUser.DDL);
            consumer.alsoConsume("v3_admin_users").start();
            OutboxSchema.install(db.dataSource());
            AdminUserDionysusPublisher admins = new AdminUserDionysusPublisher(Outbox.builder().build());
            try (Connection connection = db.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                admins.created(connection, new AdminUser(base + 1, "ann@example.com",
                        Instant.parse("2024-01-16T09:00:00.250Z")));
                connection.commit();
            }
            relay(db, kafka, 1);

            ConsumerRecord<String, String> sent = record(kafka, "v3_admin_users", "Admin::User:" + (base + 1));
            assertEquals("{\"message\":[{\"event\":\"admin_user_created\",\"model_name\":\"Admin::User\","
                    + "\"data\":[{\"id\":" + (base + 1) + ",\"email\":\"ann@example.com\","
                    + "\"updated_at\":\"2024-01-16T09:00:00.250Z\",\"links\":{}}]}]}", sent.value());

            // a Ruby parent publishing `with: [Admin::User]` sideloads it under admin_users (its include name)
            consumer.send("Rental:" + base, "{\"message\":[{\"event\":\"rental_updated\",\"model_name\":\"Rental\","
                    + "\"data\":[{\"id\":" + base + ",\"name\":\"Villa\",\"updated_at\":\"2024-01-16T09:00:00.000Z\","
                    + "\"links\":{\"admin_users\":[" + (base + 2) + "]},\"admin_users\":[{\"id\":" + (base + 2)
                    + ",\"email\":\"bob@example.com\",\"links\":{}}]}]}]}");
            consumer.awaitCaughtUp();

            assertEquals("ann@example.com", consumer.row("admin_users", base + 1).get("email"));
            assertNotNull(consumer.row("rentals", base));
            assertEquals("bob@example.com", consumer.row("admin_users", base + 2).get("email"),
                    "the sideloaded admin_users record is applied by the Admin::User synced model");
            assertEquals(List.of(), consumer.batchErrors);
        }
    }
}
