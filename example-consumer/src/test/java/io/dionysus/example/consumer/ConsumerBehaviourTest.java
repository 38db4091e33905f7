package io.dionysus.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.consumer.ConsumedEvent;
import io.dionysus.runtime.consumer.DionysusConsumer;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestDatabases;
import io.dionysus.testkit.TestKafka;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The consumer against a real broker and real databases, fed the gem's own payloads (reference §5). */
@ExtendWith(KafkaExtension.class)
class ConsumerBehaviourTest {

    private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @AllDatabases
    void appliesTheGemsPayloadsAndIgnoresTombstonesAndUnknownEvents(TestDatabase db, TestKafka kafka) {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "gem_payloads", clock).start()) {
            // 5.1
            consumer.send("ExampleResource:1", "{\"message\":[{\"event\":\"example_resource_created\","
                    + "\"model_name\":\"ExampleResource\",\"data\":[{\"id\":1}]}]}");
            consumer.send("Client:1", "{\"message\":[{\"event\":\"client_created\",\"model_name\":\"Client\","
                    + "\"data\":[{\"id\":1,\"fullname\":\"Ann\",\"links\":{}}]}]}");
            // 5.7: a real null and the gem's 4-byte text
            consumer.send("Rental:1", null);
            consumer.send("Rental:1", "null");
            // 5.4, data as arrays and as an object, several events, one unknown
            consumer.send("Rental:1", "{\"message\":["
                    + "{\"event\":\"rental_created\",\"model_name\":\"Rental\",\"data\":[{\"links\":{},\"id\":1,"
                    + "\"name\":\"Villa Saganaki\"},{\"links\":{},\"id\":2,\"name\":\"Villas Thalassa\"}]},"
                    + "{\"event\":\"booking_updated\",\"model_name\":\"Booking\",\"data\":[{\"id\":3,"
                    + "\"client_fullname\":\"Rich Piana\"}]},"
                    + "{\"event\":\"client_destroyed\",\"model_name\":\"Client\",\"data\":[{\"id\":1,\"links\":{}}]},"
                    + "{\"event\":\"rentals_fee_created\",\"model_name\":\"RentalsFee\",\"data\":{\"id\":1}},"
                    + "{\"event\":\"rental_completed\",\"model_name\":\"Rental\",\"data\":{\"id\":1}}]}");
            // 5.3
            consumer.send("Booking:3", "{\"message\":[{\"event\":\"booking_destroyed\",\"model_name\":\"Booking\","
                    + "\"data\":[{\"links\":{},\"id\":3}]}]}");
            consumer.awaitCaughtUp();

            assertNotNull(consumer.row("example_resources", 1));
            assertEquals(List.of("Villa Saganaki", "Villas Thalassa"), consumer.rows("rentals").stream()
                    .map(r -> r.get("title")).collect(Collectors.toList()));
            assertNull(consumer.row("rentals", 1).get("synced_canceled_at"), "rental_completed is ignored");
            assertNull(consumer.row("clients", 1), "client_destroyed deleted the client");
            assertNull(consumer.row("bookings", 3), "booking_destroyed deleted the upserted booking");
            assertEquals("{\"synced_id\":1}", consumer.row("rentals_fees", 1).get("synced_data"));
            assertEquals("{\"synced_id\":1,\"name\":\"Villa Saganaki\"}",
                    consumer.row("rentals", 1).get("synced_data"), "the transformed attributes, in received order");
            List<String> eventNames = consumer.events.stream().map(ConsumedEvent::eventName)
                    .collect(Collectors.toList());
            assertEquals(List.of("example_resource_created", "client_created", "rental_created", "booking_updated",
                    "client_destroyed", "rentals_fee_created", "rental_completed", "booking_destroyed"), eventNames);
            ConsumedEvent completed = consumer.events.get(6);
            assertEquals(Map.of(), completed.localChanges(), "ignored events are reported without changes");
            assertEquals(List.of(), consumer.batchErrors);
            assertEquals(List.of(), kafka.readAll(consumer.topic + "_dlq").isEmpty() ? List.of() : List.of("dlq"),
                    "nothing was dead-lettered");
        }
    }

    @AllDatabases
    void aMessageFilterSkipsEventsBeforeTheyAreApplied(TestDatabase db, TestKafka kafka) {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "filters", clock)
                .filter((topic, event, data) -> event.modelName().equals("Client")
                        && "Blocked".equals(data.get(0).get("fullname")))
                .start()) {
            consumer.send("Client:1", "{\"message\":[{\"event\":\"client_created\",\"model_name\":\"Client\","
                    + "\"data\":[{\"id\":1,\"fullname\":\"Blocked\"}]},{\"event\":\"client_created\","
                    + "\"model_name\":\"Client\",\"data\":[{\"id\":2,\"fullname\":\"Welcome\"}]}]}");
            consumer.awaitCaughtUp();
            assertNull(consumer.row("clients", 1), "filtered out");
            assertEquals("Welcome", consumer.row("clients", 2).get("fullname"));
            assertEquals(1, consumer.events.size(), "a filtered event is not reported either");
        }
    }

    @AllDatabases
    void olderUpdatesAreSkippedEqualOnesAppliedAndDuplicatesChangeNothing(TestDatabase db, TestKafka kafka) {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "ordering", clock).start()) {
            consumer.send("Rental:10", rental(10, "B", "2024-01-16T09:10:00.000Z", null, "12.50"));
            consumer.send("Rental:10", rental(10, "A", "2024-01-16T09:05:00.000Z", null, "12.50"));
            consumer.awaitCaughtUp();
            assertEquals("B", consumer.row("rentals", 10).get("title"), "an older updated_at is skipped");

            consumer.send("Rental:10", rental(10, "C", "2024-01-16T09:10:00.000+00:00", null, "13.0"));
            consumer.awaitCaughtUp();
            Map<String, Object> row = consumer.row("rentals", 10);
            assertEquals("C", row.get("title"), "an equal updated_at is applied");
            assertEquals(0, new BigDecimal("13.00").compareTo((BigDecimal) row.get("price")));
            assertEquals(42L, ((Number) row.get("synced_account_id")).longValue(), "links become synced_*_id");

            String duplicate = rental(11, "Dup", "2024-01-16T09:00:00.000Z", null, "1.0");
            consumer.send("Rental:11", duplicate);
            consumer.send("Rental:11", duplicate);
            consumer.awaitCaughtUp();
            assertEquals(1, consumer.rows("rentals").stream().filter(r -> ((Number) r.get("synced_id")).longValue()
                    == 11).count());
            assertEquals("Dup", consumer.row("rentals", 11).get("title"));
        }
    }

    @AllDatabases
    void softDeletedRecordsAreCanceledAndRestored(TestDatabase db, TestKafka kafka) {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "soft_delete", clock).start()) {
            consumer.send("Rental:20", rental(20, "Villa", "2024-01-16T09:00:00.000Z", null, "1.0"));
            consumer.send("Rental:20", destroyed(20, "2024-01-16T09:30:00.000Z"));
            // a hard-deleted record of a soft-deletable model the consumer never saw: created canceled
            consumer.send("Rental:21", "{\"message\":[{\"event\":\"rental_destroyed\",\"model_name\":\"Rental\","
                    + "\"data\":[{\"links\":{},\"id\":21}]}]}");
            consumer.awaitCaughtUp();
            assertEquals(Instant.parse("2024-01-16T09:30:00Z"), instant(consumer.row("rentals", 20)
                    .get("synced_canceled_at")), "kept and canceled, not deleted");
            assertEquals(NOW, instant(consumer.row("rentals", 21).get("synced_canceled_at")));

            consumer.send("Rental:20", rental(20, "Villa again", "2024-01-16T10:00:00.000Z", null, "1.0"));
            consumer.awaitCaughtUp();
            Map<String, Object> restored = consumer.row("rentals", 20);
            assertNull(restored.get("synced_canceled_at"), "an update without canceled_at restores");
            assertEquals("Villa again", restored.get("title"));
        }
    }

    @AllDatabases
    void aDestroyedAggregateUpsertsItsSideloadedChildrenAndCallsTheResolveHooks(TestDatabase db, TestKafka kafka) {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "aggregate", clock).start()) {
            // reference §5.6, with a polymorphic link (§5.5) to a sideloaded client
            consumer.send("Rental:40", "{\"message\":[{\"event\":\"rental_destroyed\",\"model_name\":\"Rental\","
                    + "\"data\":[{\"id\":40,\"name\":\"Villa\",\"updated_at\":\"2024-01-16T09:30:00.000Z\","
                    + "\"canceled_at\":\"2024-01-16T09:30:00.000Z\",\"links\":{\"tax\":201,\"bookings\":[101,102],"
                    + "\"account\":300,\"owner\":{\"type\":\"Client\",\"id\":20}},"
                    + "\"bookings\":[{\"id\":101,\"client_fullname\":\"Ann\",\"links\":{\"rentals_fee\":7},"
                    + "\"rentals_fee\":{\"id\":7,\"always_applied\":true}},"
                    + "{\"id\":102,\"client_fullname\":\"Bob\",\"links\":{}}],"
                    + "\"tax\":{\"id\":201},\"account\":{\"id\":300},"
                    + "\"owner\":{\"id\":20,\"fullname\":\"Rich Piana\",\"links\":{}}}]}]}");
            consumer.awaitCaughtUp();

            assertEquals(Instant.parse("2024-01-16T09:30:00Z"),
                    instant(consumer.row("rentals", 40).get("synced_canceled_at")), "the aggregate is canceled");
            assertEquals(List.of("Ann", "Bob"), consumer.rows("bookings").stream().map(r -> r.get("client_fullname"))
                    .collect(Collectors.toList()), "its children are upserted, not deleted");
            assertEquals("Rich Piana", consumer.row("clients", 20).get("fullname"), "found by polymorphic type");
            assertEquals("{\"synced_id\":7,\"always_applied\":true}", consumer.row("rentals_fees", 7).get("synced_data"),
                    "a record sideloaded in a sideloaded record is applied too (reference §5.5)");
            assertEquals(List.of("40 tax 201", "40 bookings [101, 102]", "40 account 300", "40 owner 20"),
                    io.dionysus.testkit.OutboxRows.query(db.dataSource(), "SELECT * FROM association_log").stream()
                            .map(r -> r.get("rental_id") + " " + r.get("name") + " " + r.get("ids"))
                            .collect(Collectors.toList()), "the hooks, once per sideloaded relationship");
            Map<String, Map<String, List<Object>>> changes = consumer.events.get(0).localChanges();
            assertEquals(List.of("Rental:40", "Booking:101", "RentalsFee:7", "Booking:102", "Account:300", "Client:20"),
                    List.copyOf(changes.keySet()));
            assertEquals(300L, ((Number) consumer.row("accounts", 300).get("synced_id")).longValue(),
                    "the example's synced Account is found by the relationship name");
        }
    }

    @AllDatabases
    void theSameMessageAgainChangesNothingAndReportsNoLocalChanges(TestDatabase db, TestKafka kafka) {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "again", clock).start()) {
            String message = rental(5, "Same", "2024-01-16T09:00:00.000Z", null, "1.5");
            consumer.send("Rental:5", message);
            consumer.send("Rental:5", message);
            consumer.awaitCaughtUp();
            assertEquals(2, consumer.events.size());
            assertTrue(consumer.events.get(0).localChanges().get("Rental:5").containsKey("price"));
            assertEquals(Map.of(), consumer.events.get(1).localChanges().get("Rental:5"),
                    "1.50 in the NUMERIC column is the wire's 1.5: nothing changed");
        }
    }

    @AllDatabases
    void poisonMessagesGoToTheDeadLetterTopicWithTheirOriginAndLaterOnesAreApplied(TestDatabase db,
            TestKafka kafka) {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "poison", clock).start()) {
            consumer.send("Rental:1", "{not json");
            // a record without id is skipped, as the gem does; the message's other record is applied
            consumer.send("Rental:2", "{\"message\":[{\"event\":\"rental_created\",\"model_name\":\"Rental\","
                    + "\"data\":[{\"name\":\"no id\"},{\"id\":2,\"name\":\"Beside it\"}]}]}");
            consumer.send("Rental:3", "{\"message\":[{\"event\":\"rental_created\",\"model_name\":\"Rental\","
                    + "\"data\":[{\"id\":3,\"price\":\"cheap\"}]}]}");
            consumer.send("Rental:4", rental(4, "Good", "2024-01-16T09:00:00.000Z", null, "1.0"));
            consumer.awaitCaughtUp();

            assertEquals("Good", consumer.row("rentals", 4).get("title"), "the good message after them is applied");
            assertNull(consumer.row("rentals", 3), "the bad record's savepoint was rolled back");
            assertEquals("Beside it", consumer.row("rentals", 2).get("title"));
            assertTrue(consumer.events.stream().anyMatch(event -> event.eventName().equals("rental_created")
                    && event.transformedData().size() == 2), "the event is emitted with both records");
            assertTrue(consumer.batchErrors.stream().anyMatch(error -> error.getMessage()
                    .startsWith("a Rental record without id was skipped (created)")), consumer.batchErrors.toString());
            List<ConsumerRecord<String, String>> dead = kafka.readAll(consumer.topic + "_dlq");
            assertEquals(List.of("Rental:1", "Rental:3"), dead.stream().map(ConsumerRecord::key)
                    .collect(Collectors.toList()));
            assertEquals("{not json", dead.get(0).value(), "the original bytes");
            for (int i = 0; i < 2; i++) {
                ConsumerRecord<String, String> record = dead.get(i);
                assertEquals(consumer.topic, header(record, DionysusConsumer.ORIGINAL_TOPIC_HEADER));
                assertEquals("0", header(record, DionysusConsumer.ORIGINAL_PARTITION_HEADER));
                assertEquals(String.valueOf(i * 2), header(record, DionysusConsumer.ORIGINAL_OFFSET_HEADER));
                assertEquals("java.lang.IllegalArgumentException", header(record,
                        DionysusConsumer.ERROR_CLASS_HEADER));
            }
            assertTrue(header(dead.get(0), DionysusConsumer.ERROR_MESSAGE_HEADER).startsWith("not JSON"));
            assertEquals("attribute \"price\" should be a number, got \"cheap\"",
                    header(dead.get(1), DionysusConsumer.ERROR_MESSAGE_HEADER));
        }
    }

    @Test
    void aDatabaseOutageIsWaitedOutWithoutSkippingOrDeadLettering(TestKafka kafka) throws Exception {
        TestDatabase db = TestDatabases.postgres();
        try (PostgresOutage outage = new PostgresOutage(db);
             ConsumerHarness consumer = new ConsumerHarness(db, kafka, "outage", clock).start()) {
            consumer.send("Rental:1", rental(1, "Before", "2024-01-16T09:00:00.000Z", null, "1.0"));
            consumer.awaitCaughtUp();

            outage.begin();
            for (int i = 2; i <= 4; i++) {
                consumer.send("Rental:" + i, rental(i, "During " + i, "2024-01-16T09:00:00.000Z", null, "1.0"));
            }
            awaitMoreErrors(consumer, 3); // the batch failed and was retried while the database was down
            outage.end();

            consumer.awaitCaughtUp();
            assertEquals(List.of("Before", "During 2", "During 3", "During 4"), consumer.rows("rentals").stream()
                    .map(r -> r.get("title")).collect(Collectors.toList()));
            assertTrue(kafka.readAll(consumer.topic + "_dlq").isEmpty(), "an outage dead-letters nothing");
        }
    }

    @Test
    void anOffsetCommitThatFailsDoesNotStopTheConsumer(TestKafka kafka) throws Exception {
        try (ConsumerHarness consumer = new ConsumerHarness(TestDatabases.h2(), kafka, "commit", clock)) {
            // as when the group coordinator is unreachable for longer than the commit may wait
            consumer.consumerProperty("default.api.timeout.ms", 1).start();
            consumer.send("Rental:1", rental(1, "First", "2024-01-16T09:00:00.000Z", null, "1.0"));
            awaitRow(consumer, 1);
            consumer.send("Rental:2", rental(2, "Second", "2024-01-16T09:00:00.000Z", null, "1.0"));
            awaitRow(consumer, 2);
            assertEquals(List.of(), consumer.batchErrors, "the consumer did not stop");
        }
    }

    private static void awaitRow(ConsumerHarness consumer, long syncedId) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (consumer.row("rentals", syncedId) == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertNotNull(consumer.row("rentals", syncedId), "Rental " + syncedId + " applied");
    }

    @AllDatabases
    void aListenerThatThrowsDoesNotStopTheConsumer(TestDatabase db, TestKafka kafka) throws Exception {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "listener", clock)) {
            consumer.listenerThrows = true;
            db.execute("DROP TABLE rentals");
            consumer.start();
            consumer.send("Rental:1", rental(1, "First", "2024-01-16T09:00:00.000Z", null, "1.0"));
            awaitMoreErrors(consumer, 2); // a missing table is an outage: retried, and each retry's error() threw

            db.execute(Rental.DDL);
            consumer.awaitCaughtUp();
            consumer.send("Rental:2", rental(2, "Second", "2024-01-16T09:00:00.000Z", null, "1.0"));
            consumer.awaitCaughtUp();
            assertEquals(List.of("First", "Second"), consumer.rows("rentals").stream().map(r -> r.get("title"))
                    .collect(Collectors.toList()), "consume() threw too, and the consumer went on");
            assertEquals(2, consumer.events.size());
        }
    }

    @Test
    void partitionsARebalanceHandsOverDuringAnOutageAreNotSkipped(TestKafka kafka) throws Exception {
        TestDatabase db = TestDatabases.postgres();
        try (PostgresOutage outage = new PostgresOutage(db);
             ConsumerHarness consumer = new ConsumerHarness(db, kafka, "rebalance", clock, 2).start()) {
            consumer.send(0, "Rental:1", rental(1, "Before 1", "2024-01-16T09:00:00.000Z", null, "1.0"));
            consumer.send(1, "Rental:2", rental(2, "Before 2", "2024-01-16T09:00:00.000Z", null, "1.0"));
            consumer.awaitCaughtUp();

            outage.begin();
            consumer.send(0, "Rental:3", rental(3, "During 3", "2024-01-16T09:00:00.000Z", null, "1.0"));
            awaitMoreErrors(consumer, 1);

            // a second member joins and leaves while the first waits out the outage: each rebalance hands the
            // first member partitions that are not paused, and it polls them while it waits
            DionysusConsumer second = consumer.newMember();
            second.start();
            awaitGroup(kafka, consumer, 2);
            second.close();
            awaitGroup(kafka, consumer, 1);
            consumer.send(0, "Rental:4", rental(4, "During 4", "2024-01-16T09:00:00.000Z", null, "1.0"));
            consumer.send(1, "Rental:5", rental(5, "During 5", "2024-01-16T09:00:00.000Z", null, "1.0"));
            awaitMoreErrors(consumer, 3);
            outage.end();

            consumer.awaitCaughtUp();
            assertEquals(List.of("Before 1", "Before 2", "During 3", "During 4", "During 5"),
                    consumer.rows("rentals").stream().map(r -> r.get("title")).collect(Collectors.toList()));
            assertTrue(kafka.readAll(consumer.topic + "_dlq").isEmpty(), "an outage dead-letters nothing");
        }
    }

    @Test
    void aWaitingBatchLeavesThePartitionsARebalanceMovedToTheirNewOwner(TestKafka kafka) throws Exception {
        TestDatabase db = TestDatabases.postgres();
        // static members: the range assignor orders them by instance id, so "a" keeps partition 0, "b" takes 1
        try (PostgresOutage outage = new PostgresOutage(db);
             ConsumerHarness consumer = new ConsumerHarness(db, kafka, "moved", clock, 2)
                     .consumerProperty("session.timeout.ms", 6000)) {
            consumer.consumerProperty("group.instance.id", "a-" + consumer.topic).start();
            consumer.send(1, "Rental:1", rental(1, "Before", "2024-01-16T09:00:00.000Z", null, "1.0"));
            consumer.awaitCaughtUp();

            outage.begin();
            consumer.send(1, "Rental:2", rental(2, "During", "2024-01-16T09:00:00.000Z", null, "1.0"));
            awaitMoreErrors(consumer, 1); // "a" holds Rental:2 of partition 1 in its waiting batch

            DionysusConsumer second = consumer.newMember(Map.of("group.instance.id", "b-" + consumer.topic));
            second.start();
            try {
                awaitGroup(kafka, consumer, 2);
                awaitMoreErrors(consumer, 2);
                outage.end();
                consumer.awaitCaughtUp();
                Thread.sleep(1_000); // time for a duplicate to show
            } finally {
                second.close();
            }
            assertEquals(List.of("Before", "During"), consumer.rows("rentals").stream().map(r -> r.get("title"))
                    .collect(Collectors.toList()));
            assertEquals(1, consumer.events.stream().filter(e -> e.transformedData().stream()
                            .anyMatch(d -> String.valueOf(d.get("synced_id")).equals("2"))).count(),
                    "applied by partition 1's new owner only: " + consumer.events);
        }
    }

    /** Waits until the failing batch was retried {@code more} more times. */
    private static void awaitMoreErrors(ConsumerHarness consumer, int more) throws InterruptedException {
        int target = consumer.batchErrors.size() + more;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (consumer.batchErrors.size() < target && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(consumer.batchErrors.size() >= target, "the batch kept failing while the database was down");
    }

    /** Waits until the group has that many members and every partition is assigned. */
    private static void awaitGroup(TestKafka kafka, ConsumerHarness consumer, int members) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            ConsumerGroupDescription group = kafka.admin().describeConsumerGroups(List.of(consumer.groupId()))
                    .all().get().get(consumer.groupId());
            int assigned = group.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
            if (group.members().size() == members && assigned == consumer.partitions
                    && group.groupState() == GroupState.STABLE) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the group did not settle on " + members + " members: " + group);
            Thread.sleep(50);
        }
    }

    @AllDatabases
    void redeliveryAfterACrashBeforeTheOffsetCommitChangesNothing(TestDatabase db, TestKafka kafka) {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "redelivery", clock).start()) {
            consumer.send("Rental:30", rental(30, "First", "2024-01-16T09:00:00.000Z", null, "1.0"));
            consumer.send("Rental:30", rental(30, "Second", "2024-01-16T09:10:00.000Z", null, "2.0"));
            consumer.send("Rental:31", destroyed(31, "2024-01-16T09:20:00.000Z"));
            consumer.awaitCaughtUp();
            List<Map<String, Object>> before = consumer.rows("rentals");

            // the database committed but the offsets did not: the group re-reads everything
            consumer.stop();
            consumer.rewindGroup();
            consumer.events.clear();
            consumer.start();
            consumer.awaitCaughtUp();
            assertEquals(3, consumer.events.size(), "all three messages were delivered again");
            assertEquals(before, consumer.rows("rentals"), "and re-applying them changed nothing");
        }
    }

    private static String rental(long id, String name, String updatedAt, String canceledAt, String price) {
        return "{\"message\":[{\"event\":\"rental_updated\",\"model_name\":\"Rental\",\"data\":[{\"id\":" + id
                + ",\"name\":\"" + name + "\",\"price\":\"" + price + "\",\"created_at\":\"2024-01-16T08:00:00.000Z\","
                + "\"updated_at\":\"" + updatedAt + "\"" + (canceledAt == null ? "" : ",\"canceled_at\":\""
                + canceledAt + "\"") + ",\"links\":{\"account\":42}}]}]}";
    }

    private static String destroyed(long id, String canceledAt) {
        return "{\"message\":[{\"event\":\"rental_destroyed\",\"model_name\":\"Rental\",\"data\":[{\"id\":" + id
                + ",\"name\":\"Villa\",\"price\":\"1.0\",\"created_at\":\"2024-01-16T08:00:00.000Z\","
                + "\"updated_at\":\"" + canceledAt + "\",\"canceled_at\":\"" + canceledAt + "\",\"links\":{}}]}]}";
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
