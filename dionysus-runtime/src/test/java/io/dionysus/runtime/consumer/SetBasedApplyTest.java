package io.dionysus.runtime.consumer;

import static io.dionysus.testkit.TestDatabase.Kind.H2;
import static io.dionysus.testkit.TestDatabase.Kind.MARIADB;
import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.DionysusModelFactory;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The set-based apply of a poll ({@link SetBasedApplier}, {@link BatchProcessor}) on H2, PostgreSQL and MariaDB: it
 * decides as the message-by-message path does, in order, also when one synced id comes several times; a failing
 * message is isolated and dead-lettered while the others apply; messages with sideloads keep their place.
 */
@ExtendWith(KafkaExtension.class)
class SetBasedApplyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T10:00:00Z"), ZoneOffset.UTC);
    private static final List<DionysusModelFactory<?>> FACTORIES = List.of(SyncedItems.ITEMS, SyncedItems.TAGS);

    private final List<RuntimeException> skippedRecords = new CopyOnWriteArrayList<>();
    private final MessageApplier applier = new MessageApplier(FACTORIES, List.of(), CLOCK, skippedRecords::add);

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aRunDecidesInOrderAsTheMessageByMessagePathDoes(TestDatabase db) throws SQLException {
        SyncedItems.createTables(db);
        List<String> values = List.of(
                item("created", 2, "two", "09:00"),
                item("updated", 1, "one-old", "08:00"),   // older than the stored row: skipped
                item("updated", 1, "one-new", "10:00"),
                "{\"message\":[{\"event\":\"item_updated\",\"model_name\":\"Item\",\"data\":["
                        + record(2, "two-b", "09:30") + "," + record(2, "two-c", "09:40") + "]}]}",
                "{\"message\":[{\"event\":\"item_destroyed\",\"model_name\":\"Item\",\"data\":[{\"id\":3,"
                        + "\"updated_at\":\"2024-01-16T10:00:00.000Z\",\"links\":{}}]}]}",   // canceled, kept
                item("updated", 3, "three-back", "10:05"),   // no canceled_at: restored
                tag("destroyed", "a", "A", "10:00"),   // deleted ...
                tag("created", "a", "A2", "10:01"),   // ... and made again, a new row
                tag("destroyed", "zz", "Z", "10:00"),   // not there: nothing
                "{\"message\":[{\"event\":\"item_updated\",\"model_name\":\"Item\",\"data\":[{\"name\":\"no id\"}]}]}",
                "null",
                "{\"message\":[{\"event\":\"item_archived\",\"model_name\":\"Item\",\"data\":[{\"id\":1}]}]}",
                item("created", 4, "four", "09:00"),
                item("destroyed", 4, "four", "09:05"));
        List<PlannedMessage> plans = new ArrayList<>();
        for (String value : values) {
            plans.add(applier.plan("items", value.getBytes(StandardCharsets.UTF_8)));
        }
        assertTrue(plans.stream().allMatch(PlannedMessage::setBased));
        assertEquals(1, skippedRecords.size(), "the record without id is skipped once, when planned");

        seed(db);
        Object tagRowBefore = OutboxRows.query(db.dataSource(), "SELECT id FROM tags WHERE synced_id = 'a'").get(0)
                .get("id");
        List<List<ConsumedEvent>> setBased;
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            setBased = new SetBasedApplier(applier).apply(connection, plans);
            connection.commit();
        }
        List<Map<String, Object>> setBasedItems = rows(db, "items");
        List<Map<String, Object>> setBasedTags = rows(db, "tags");
        Object tagRowAfter = OutboxRows.query(db.dataSource(), "SELECT id FROM tags WHERE synced_id = 'a'").get(0)
                .get("id");

        db.execute("DELETE FROM items", "DELETE FROM tags");
        seed(db);
        List<List<ConsumedEvent>> oneByOne = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            for (PlannedMessage plan : plans) {
                oneByOne.add(applier.apply(connection, plan));
            }
            connection.commit();
        }

        assertEquals(oneByOne, setBased, "the same events and local changes, message by message");
        assertEquals(rows(db, "items"), setBasedItems, "the same rows");
        assertEquals(rows(db, "tags"), setBasedTags);
        assertNotEquals(tagRowBefore, tagRowAfter, "a destroyed and re-created tag is a new row");

        Map<Long, Map<String, Object>> items = new java.util.HashMap<>();
        setBasedItems.forEach(row -> items.put(((Number) row.get("synced_id")).longValue(), row));
        assertEquals("one-new", items.get(1L).get("name"));
        assertEquals("two-c", items.get(2L).get("name"), "the later record of one event wins");
        assertEquals("three-back", items.get(3L).get("name"));
        assertNull(items.get(3L).get("synced_canceled_at"), "restored");
        assertNotNull(items.get(4L).get("synced_canceled_at"), "created, then canceled in the same run");
        assertEquals(List.of(Map.of("label", "A2", "synced_id", "a")), setBasedTags.stream()
                .map(row -> Map.of("label", row.get("label"), "synced_id", row.get("synced_id"))).toList());
        assertEquals(Map.of(), setBased.get(1).get(0).localChanges(), "the older update changed nothing");
        assertEquals(List.of("one", "one-new"), setBased.get(2).get(0).localChanges().get("Item:1").get("name"));
        assertEquals(List.of(), setBased.get(10), "a tombstone has no events");
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aFailingMessageIsDeadLetteredAloneWhileTheOthersOfItsRunApply(TestDatabase db, TestKafka kafka)
            throws Exception {
        SyncedItems.createTables(db);
        String topic = TestKafka.uniqueTopic("set_based");
        kafka.createTopic(topic + "_dlq", 1);
        List<String> values = new ArrayList<>();
        values.add(item("created", 1, "x", "09:00"));
        values.add(item("created", 2, "x", "09:00"));   // the name is taken: a unique violation
        values.add(item("updated", 1, "y", "09:10"));
        values.add("not json");
        values.add(item("created", 3, "x", "09:00"));   // "x" is free again once 1 is "y"
        List<ConsumedEvent> heard = new CopyOnWriteArrayList<>();
        try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            BatchProcessor processor = new BatchProcessor(db.dataSource(), applier, Map.of(topic, topic + "_dlq"),
                    deadLetters, new ConsumerListener() {
                        @Override
                        public void consume(ConsumedEvent event) {
                            heard.add(event);
                        }
                    }, CLOCK);
            DeadLetterPublisher.Tries tries = new DeadLetterPublisher.Tries();
            BatchProcessor.Applied applied = processor.apply(records(topic, values), tries);
            processor.notifyCommitted(applied, tries);

            assertEquals(List.of(1L, 3L), applied.letters().stream().map(l -> l.record().offset()).toList(),
                    "the two bad messages, in order");
            Throwable violation = applied.letters().get(0).error();
            assertTrue(violation instanceof SQLException sql && sql.getSQLState().startsWith("23"),
                    "the unique violation is the reason: " + violation);
            assertEquals(2, kafka.awaitRecords(topic + "_dlq", 2, Duration.ofSeconds(30)).size());
            assertEquals(Map.of(topic, 3), applied.applied());
            assertEquals(List.of("Item:1", "Item:1", "Item:3"), heard.stream()
                    .flatMap(event -> event.localChanges().keySet().stream()).toList());
        }
        assertEquals(List.of(List.of(1L, "y"), List.of(3L, "x")), rows(db, "items").stream()
                .map(row -> List.of(((Number) row.get("synced_id")).longValue(), row.get("name"))).toList());
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aMessageWithSideloadsIsAppliedInItsPlaceBetweenRuns(TestDatabase db) throws Exception {
        SyncedItems.createTables(db);
        String topic = TestKafka.uniqueTopic("sideloads");
        List<String> values = List.of(
                tag("created", "a", "before", "09:00"),
                "{\"message\":[{\"event\":\"item_created\",\"model_name\":\"Item\",\"data\":[{\"id\":5,"
                        + "\"name\":\"five\",\"updated_at\":\"2024-01-16T09:00:00.000Z\",\"links\":{\"tags\":[\"a\"]},"
                        + "\"tags\":[{\"id\":\"a\",\"label\":\"side\",\"updated_at\":\"2024-01-16T09:05:00.000Z\"}]}]}]}",
                tag("updated", "a", "after", "09:05"),
                tag("updated", "a", "stale", "09:04"));
        assertEquals(List.of(true, false, true, true), values.stream()
                .map(v -> applier.plan(topic, v.getBytes(StandardCharsets.UTF_8)).setBased()).toList());
        try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(Map.of())) {
            BatchProcessor processor = new BatchProcessor(db.dataSource(), applier, Map.of(topic, topic + "_dlq"),
                    deadLetters, new ConsumerListener() { }, CLOCK);
            BatchProcessor.Applied applied = processor.apply(records(topic, values), new DeadLetterPublisher.Tries());
            assertEquals(List.of(), applied.letters());
            assertEquals(List.of("Tag:a", "Item:5", "Tag:a", "Tag:a"), applied.events().stream()
                    .flatMap(event -> event.localChanges().keySet().stream()).toList(), "the sideloaded tag is"
                    + " reported with its parent");
            assertEquals(Map.of(), applied.events().get(3).localChanges());
            assertEquals(List.of("side", "after"), applied.events().get(2).localChanges().get("Tag:a").get("label"),
                    "the run after the sideload saw its label; the stale update changed nothing");
        }
        assertEquals("after", rows(db, "tags").get(0).get("label"));
    }

    @AllDatabases({MARIADB})
    void anIdTheDatabaseMatchesOnlyByCollationIsAppliedToItsRowAsOneByOne(TestDatabase db) throws Exception {
        // MariaDB's default collation is case-insensitive: WHERE synced_id = 'A' finds the row of 'a'; without a
        // unique index nothing stops a second row, so the set-based read must not take 'A' for a new id
        db.execute("CREATE TABLE tags (id BIGINT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(100) NOT NULL,"
                        + " synced_id VARCHAR(40) NOT NULL, synced_updated_at DATETIME(6))",
                "INSERT INTO tags (label, synced_id, synced_updated_at) VALUES ('A', 'a', '2024-01-16 09:00:00')");
        String topic = TestKafka.uniqueTopic("collation");
        try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(Map.of())) {
            BatchProcessor processor = new BatchProcessor(db.dataSource(), applier, Map.of(topic, topic + "_dlq"),
                    deadLetters, new ConsumerListener() { }, CLOCK);
            BatchProcessor.Applied applied = processor.apply(records(topic, List.of(tag("updated", "A", "upper",
                    "10:00"))), new DeadLetterPublisher.Tries());
            assertEquals(List.of(), applied.letters());
        }
        assertEquals(List.of("upper"), rows(db, "tags").stream().map(row -> row.get("label")).toList(),
                "the row of 'a' was updated, as the message-by-message path does, and no second row made");
    }

    private static void seed(TestDatabase db) {
        db.execute("INSERT INTO items (name, synced_id, synced_created_at, synced_updated_at, synced_data) VALUES"
                        + " ('one', 1, TIMESTAMP '2024-01-16 08:00:00', TIMESTAMP '2024-01-16 09:00:00', '{}'),"
                        + " ('three', 3, TIMESTAMP '2024-01-16 08:00:00', TIMESTAMP '2024-01-16 09:00:00', '{}')",
                "INSERT INTO tags (label, synced_id, synced_updated_at) VALUES"
                        + " ('A', 'a', TIMESTAMP '2024-01-16 09:00:00')");
    }

    private static List<Map<String, Object>> rows(TestDatabase db, String table) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : OutboxRows.query(db.dataSource(),
                "SELECT * FROM " + table + " ORDER BY synced_id")) {
            Map<String, Object> withoutId = new java.util.LinkedHashMap<>(row);
            withoutId.remove("id");
            rows.add(withoutId);
        }
        return rows;
    }

    private static ConsumerRecords<String, byte[]> records(String topic, List<String> values) {
        List<ConsumerRecord<String, byte[]>> list = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            list.add(new ConsumerRecord<>(topic, 0, i, "key-" + i, values.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), list), Map.of());
    }

    private static String record(long id, String name, String time) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"created_at\":\"2024-01-16T08:00:00.000Z\","
                + "\"updated_at\":\"2024-01-16T" + time + ":00.000Z\",\"links\":{}}";
    }

    private static String item(String kind, long id, String name, String time) {
        return "{\"message\":[{\"event\":\"item_" + kind + "\",\"model_name\":\"Item\",\"data\":["
                + record(id, name, time) + "]}]}";
    }

    private static String tag(String kind, String id, String label, String time) {
        return "{\"message\":[{\"event\":\"tag_" + kind + "\",\"model_name\":\"Tag\",\"data\":[{\"id\":\"" + id
                + "\",\"label\":\"" + label + "\",\"updated_at\":\"2024-01-16T" + time + ":00.000Z\",\"links\":{}}]}]}";
    }
}
