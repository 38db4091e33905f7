package io.dionysus.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dionysus.runtime.BatchMessage;
import io.dionysus.runtime.Envelope;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Rule 8, reference P10: one message with several events of several models under the caller's key and
     * partition key; the consumer applies every entry in order.
     */
    @AllDatabases
    void severalEventsTravelInOneMessageUnderTheCallersKey(TestDatabase db, TestKafka kafka) throws SQLException {
        long base = System.nanoTime() % 1_000_000 * 10;
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "batch", clock)) {
            db.execute(SyncedAdminUser.DDL);
            consumer.alsoConsume("v3_admin_users").start();
            OutboxSchema.install(db.dataSource());
            Outbox outbox = Outbox.builder().build();
            Instant at = Instant.parse("2024-01-16T09:00:00Z");
            AdminUser leaving = new AdminUser(base + 3, "old@example.com", at);
            try (Connection connection = db.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                new AdminUserDionysusPublisher(outbox).created(connection, leaving);
                connection.commit();
                BatchMessage.on("v3_admin_users")
                        .event(Envelope.Event.CREATED, AdminUserDionysusPublisher.MODEL, List.of(
                                new AdminUser(base + 1, "ann@example.com", at),
                                new AdminUser(base + 2, "bob@example.com", at)))
                        .event(Envelope.Event.CREATED, ClientCardDionysusPublisher.MODEL,
                                List.of(new ClientCard(base + 4, "Rich Piana")))
                        .event(Envelope.Event.DESTROYED, AdminUserDionysusPublisher.MODEL, List.of(leaving))
                        .key("RecordsCollection:" + base)
                        .partitionKey(String.valueOf(base))
                        .write(outbox, connection);
                connection.commit();
            }
            assertEquals(String.valueOf(base), OutboxRows.query(db.dataSource(), "SELECT partition_key FROM "
                    + Outbox.TABLE + " WHERE message_key = 'RecordsCollection:" + base + "'").get(0)
                    .get("partition_key"));
            relay(db, kafka, 2);

            ConsumerRecord<String, String> sent = record(kafka, "v3_admin_users", "RecordsCollection:" + base);
            assertEquals("{\"message\":[{\"event\":\"admin_user_created\",\"model_name\":\"Admin::User\","
                    + "\"data\":[{\"id\":" + (base + 1) + ",\"email\":\"ann@example.com\","
                    + "\"updated_at\":\"2024-01-16T09:00:00.000Z\",\"links\":{}},{\"id\":" + (base + 2)
                    + ",\"email\":\"bob@example.com\",\"updated_at\":\"2024-01-16T09:00:00.000Z\","
                    + "\"links\":{}}]},{\"event\":\"client_created\",\"model_name\":\"Client\",\"data\":[{"
                    + "\"id\":" + (base + 4) + ",\"fullname\":\"Rich Piana\",\"links\":{}}]},"
                    + "{\"event\":\"admin_user_destroyed\",\"model_name\":\"Admin::User\",\"data\":[{"
                    + "\"links\":{},\"id\":" + (base + 3) + "}]}]}", sent.value());
            consumer.awaitCaughtUp();

            assertEquals("ann@example.com", consumer.row("admin_users", base + 1).get("email"));
            assertEquals("bob@example.com", consumer.row("admin_users", base + 2).get("email"));
            assertEquals("Rich Piana", consumer.row("clients", base + 4).get("fullname"));
            assertNull(consumer.row("admin_users", base + 3), "the message's destroyed entry deleted it");
            assertEquals(List.of(), consumer.batchErrors);
        }
    }

    /**
     * Rule 7: free-form values (a Rails jsonb hash) are written as ActiveSupport writes them, and a consumer's text
     * column receives them as JSON.
     */
    @AllDatabases
    void freeFormValuesTravelAsActiveSupportWritesThem(TestDatabase db, TestKafka kafka) throws SQLException {
        long id = System.nanoTime() % 1_000_000 * 10;
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "free_form", clock)) {
            db.execute(SyncedProfile.DDL);
            consumer.alsoConsume("v3_profiles").start();
            OutboxSchema.install(db.dataSource());
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("c", Arrays.asList(1, "x", null));
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("a", 1);
            settings.put("b", inner);
            settings.put("<tag>", 1.0e20);
            settings.put("price", new BigDecimal("120.50"));
            try (Connection connection = db.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                new ProfileDionysusPublisher(Outbox.builder().build()).created(connection,
                        new Profile(id, settings, Arrays.asList(1, "a", null)));
                connection.commit();
            }
            relay(db, kafka, 1);

            String expectedSettings = "{\"a\":1,\"b\":{\"c\":[1,\"x\",null]},\"\\u003ctag\\u003e\":1.0e+20,"
                    + "\"price\":\"120.5\"}";
            assertEquals("{\"message\":[{\"event\":\"profile_created\",\"model_name\":\"Profile\",\"data\":[{"
                    + "\"id\":" + id + ",\"settings\":" + expectedSettings + ",\"tags\":[1,\"a\",null],"
                    + "\"links\":{}}]}]}", record(kafka, "v3_profiles", "Profile:" + id).value());
            consumer.awaitCaughtUp();

            Map<String, Object> row = consumer.row("profiles", id);
            // re-encoded from the parsed document: the same JSON values (a number keeps its value, not its text)
            assertEquals("{\"a\":1,\"b\":{\"c\":[1,\"x\",null]},\"\\u003ctag\\u003e\":1E+20,"
                    + "\"price\":\"120.5\"}", row.get("settings"));
            assertEquals("[1,\"a\",null]", row.get("tags"));
            assertEquals(List.of(), consumer.batchErrors);
        }
    }

    /**
     * Rule 6, reference §2 and §5.5: a polymorphic to-one links {"type":…,"id":…} with the held model's name; the
     * consumer fills synced_guest_id/_type. Reference P6/P7: `with` lists Admin::User and Client, whose include
     * names are admin_users/admin_user/clients/client, so "guest" is linked, not sideloaded, as the gem does, while
     * "client" is sideloaded by the held record's own model (Admin::User or Client) and applied by its synced model.
     */
    @AllDatabases
    void aPolymorphicRelationshipLinksTypeAndIdAndIsSideloadedOnlyUnderAnIncludeName(TestDatabase db, TestKafka kafka)
            throws SQLException {
        long base = System.nanoTime() % 1_000_000 * 10;
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "polymorphic", clock)) {
            db.execute(SyncedAdminUser.DDL, SyncedReservation.DDL);
            consumer.alsoConsume("v3_reservations").start();
            OutboxSchema.install(db.dataSource());
            ReservationDionysusPublisher reservations = new ReservationDionysusPublisher(Outbox.builder().build());
            AdminUser admin = new AdminUser(base + 1, "ann@example.com", Instant.parse("2024-01-16T09:00:00Z"));
            ClientCard client = new ClientCard(base + 2, "Rich Piana");
            try (Connection connection = db.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                reservations.created(connection, new Reservation(base + 10, admin));
                reservations.created(connection, new Reservation(base + 11, client));
                reservations.created(connection, new Reservation(base + 12, null));
                reservations.created(connection, new Reservation(base + 13, null, admin));
                reservations.created(connection, new Reservation(base + 14, client, client));
                connection.commit();
            }
            relay(db, kafka, 5);

            assertEquals("{\"message\":[{\"event\":\"reservation_created\",\"model_name\":\"Reservation\","
                    + "\"data\":[{\"id\":" + (base + 10) + ",\"links\":{\"guest\":{\"type\":\"Admin::User\","
                    + "\"id\":" + (base + 1) + "},\"client\":null},\"client\":null}]}]}",
                    record(kafka, "v3_reservations", "Reservation:" + (base + 10)).value());
            assertEquals("{\"message\":[{\"event\":\"reservation_created\",\"model_name\":\"Reservation\","
                    + "\"data\":[{\"id\":" + (base + 11) + ",\"links\":{\"guest\":{\"type\":\"Client\","
                    + "\"id\":" + (base + 2) + "},\"client\":null},\"client\":null}]}]}",
                    record(kafka, "v3_reservations", "Reservation:" + (base + 11)).value());
            assertEquals("{\"message\":[{\"event\":\"reservation_created\",\"model_name\":\"Reservation\","
                    + "\"data\":[{\"id\":" + (base + 12) + ",\"links\":{\"guest\":null,\"client\":null},"
                    + "\"client\":null}]}]}",
                    record(kafka, "v3_reservations", "Reservation:" + (base + 12)).value());
            assertEquals("{\"message\":[{\"event\":\"reservation_created\",\"model_name\":\"Reservation\","
                    + "\"data\":[{\"id\":" + (base + 13) + ",\"links\":{\"guest\":null,\"client\":{\"type\":"
                    + "\"Admin::User\",\"id\":" + (base + 1) + "}},\"client\":{\"id\":" + (base + 1) + ",\"email\":"
                    + "\"ann@example.com\",\"updated_at\":\"2024-01-16T09:00:00.000Z\",\"links\":{}}}]}]}",
                    record(kafka, "v3_reservations", "Reservation:" + (base + 13)).value());
            assertEquals("{\"message\":[{\"event\":\"reservation_created\",\"model_name\":\"Reservation\","
                    + "\"data\":[{\"id\":" + (base + 14) + ",\"links\":{\"guest\":{\"type\":\"Client\",\"id\":"
                    + (base + 2) + "},\"client\":{\"type\":\"Client\",\"id\":" + (base + 2) + "}},\"client\":{\"id\":"
                    + (base + 2) + ",\"fullname\":\"Rich Piana\",\"links\":{}}}]}]}",
                    record(kafka, "v3_reservations", "Reservation:" + (base + 14)).value());
            consumer.awaitCaughtUp();

            Map<String, Object> first = consumer.row("reservations", base + 10);
            assertEquals("Admin::User", first.get("synced_guest_type"));
            assertEquals(base + 1, ((Number) first.get("synced_guest_id")).longValue());
            assertEquals("Client", consumer.row("reservations", base + 11).get("synced_guest_type"));
            assertNull(consumer.row("reservations", base + 12).get("synced_guest_id"));
            Map<String, Object> fourth = consumer.row("reservations", base + 13);
            assertEquals("Admin::User", fourth.get("synced_client_type"));
            assertEquals(base + 1, ((Number) fourth.get("synced_client_id")).longValue());
            assertEquals("ann@example.com", consumer.row("admin_users", base + 1).get("email"),
                    "the client sideload applied by the synced model of the type its link names");
            assertEquals("Client", consumer.row("reservations", base + 14).get("synced_client_type"));
            assertEquals("Rich Piana", consumer.row("clients", base + 2).get("fullname"));
            assertEquals(List.of(), consumer.batchErrors);
        }
    }
}
