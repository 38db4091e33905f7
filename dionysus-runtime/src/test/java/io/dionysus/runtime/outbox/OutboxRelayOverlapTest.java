package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The loop's overlap on PostgreSQL: a fully acknowledged batch is marked while the next one is acknowledged. Rows of
 * one key spread over consecutive batches still go in id order, and nothing stays unmarked when the loop ends.
 */
@ExtendWith(KafkaExtension.class)
class OutboxRelayOverlapTest {

    @AllDatabases(POSTGRESQL)
    void rowsOfOneKeyOverConsecutiveBatchesGoInOrderAndAllAreMarked(TestDatabase db, TestKafka kafka) {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_overlap");
        kafka.createTopic(topic, 2);
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = i % 3 == 0 ? "B" : "A";
            entries.add(new OutboxEntry("Thing", key, "thing_updated", topic, key, "Thing:" + key, key + ":" + i,
                    null));
        }
        write(db, entries);
        List<OutboxRelay.BatchResult> batches = new CopyOnWriteArrayList<>();
        OutboxRelayListener listener = new OutboxRelayListener() {
            @Override
            public void batchCompleted(OutboxRelay.BatchResult result, Duration duration) {
                batches.add(result);
            }
        };
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).batchSize(4)
                .listener(listener).build()) {
            assertEquals(40, relay.publishPending(Duration.ofSeconds(60)));
            assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()), "the last batch was marked too");
        }
        assertEquals(40, batches.stream().mapToInt(OutboxRelay.BatchResult::published).sum(),
                "every batch told once its marking committed: " + batches);
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
            byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
        }
        Map<String, List<String>> expected = new LinkedHashMap<>();
        entries.forEach(entry -> expected.computeIfAbsent(entry.messageKey(), k -> new ArrayList<>())
                .add(entry.payload()));
        assertEquals(expected.get("Thing:A"), byKey.get("Thing:A"), "in id order, once each");
        assertEquals(expected.get("Thing:B"), byKey.get("Thing:B"), "in id order, once each");
    }

    @AllDatabases(POSTGRESQL)
    void closingTheLoopMarksTheBatchItLeftOpen(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_overlap_close");
        kafka.createTopic(topic, 1);
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            entries.add(new OutboxEntry("Thing", "K" + i, "thing_updated", topic, null, "Thing:" + i, "v" + i, null));
        }
        write(db, entries);
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).batchSize(10)
                .idleSleep(Duration.ofMinutes(1), Duration.ofMinutes(1)).build()) {
            relay.start();
            assertEquals(30, kafka.awaitRecords(topic, 30, Duration.ofSeconds(30)).size());
        }
        assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));
        assertEquals(30, kafka.readAll(topic).size(), "each row sent once");
    }

    private static void write(TestDatabase db, List<OutboxEntry> entries) {
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            Outbox.builder().build().insert(connection, entries);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
