package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several relays on one table at once, while several writers commit rows of a few keys each (so claims see id gaps
 * of transactions not committed yet) and two rows fail (too large for their topic) until the topic takes them: each
 * key's messages reach Kafka in id order, allowing the README's one extra copy of a row queued behind a failing one.
 */
@ExtendWith(KafkaExtension.class)
class OutboxRelayConcurrencyTest {

    private static final int WRITERS = 4;
    private static final int KEYS_PER_WRITER = 3;
    private static final int TRANSACTIONS = 60;

    @AllDatabases(POSTGRESQL)
    void severalRelaysAndWritersKeepEachKeysOrderAcrossAFailingRow(TestDatabase db, TestKafka kafka)
            throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_concurrent");
        kafka.createTopic(topic, 3, Map.of("max.message.bytes", "2048"));
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<OutboxRelay> relays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).batchSize(5)
                    .idleSleep(Duration.ofMillis(1), Duration.ofMillis(10))
                    .backoff(Duration.ofMillis(100), Duration.ofMillis(200)).errorSleep(Duration.ofMillis(50))
                    .producerProperty("batch.size", 0)
                    .listener(new OutboxRelayListener() {
                        @Override
                        public void error(Throwable error) {
                            errors.add(error);
                        }
                    }).build();
            relays.add(relay);
            relay.start();
        }
        Map<String, Integer> written = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                Random random = new Random(writer);
                int[] next = new int[KEYS_PER_WRITER];
                try (Connection connection = db.dataSource().getConnection()) {
                    connection.setAutoCommit(false);
                    for (int t = 0; t < TRANSACTIONS; t++) {
                        int k = random.nextInt(KEYS_PER_WRITER);
                        String key = "W" + writer + "k" + k;
                        List<OutboxEntry> entries = new ArrayList<>();
                        for (int r = 1 + random.nextInt(3); r > 0; r--) {
                            int seq = ++next[k];
                            // the third row of writer 0's and writer 1's first key is refused by the broker
                            boolean big = k == 0 && writer < 2 && seq == 3;
                            String payload = key + ":" + seq + (big ? ":" + "x".repeat(8_000) : "");
                            entries.add(new OutboxEntry("Thing", key, "thing_updated", topic, key, "Thing:" + key,
                                    payload, null));
                        }
                        Outbox.builder().build().insert(connection, entries);
                        Thread.sleep(random.nextInt(4));
                        connection.commit();
                        written.put(key, next[k]);
                    }
                } catch (Exception e) {
                    errors.add(e);
                }
            });
            writers.add(thread);
            thread.start();
        }
        for (Thread thread : writers) {
            thread.join();
        }
        // both big rows fail twice at least (the rows behind them wait) before their topic takes them
        long failing = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (retried(db) < 2 && System.nanoTime() < failing) {
            Thread.sleep(20);
        }
        assertEquals(2, retried(db), "both big rows failed twice");
        kafka.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048576"),
                        AlterConfigOp.OpType.SET)))).all().get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!OutboxRows.unpublished(db.dataSource()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        relays.forEach(OutboxRelay::close);
        assertEquals(List.of(), errors);
        assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));

        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
            String[] parts = record.value().split(":");
            byKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        assertEquals(written.keySet(), byKey.keySet());
        for (Map.Entry<String, List<Integer>> key : byKey.entrySet()) {
            List<Integer> sent = key.getValue();
            List<String> expected = new ArrayList<>();
            for (int seq = 1; seq <= written.get(key.getKey()); seq++) {
                expected.add(String.valueOf(seq));
                int seqNo = seq;
                assertTrue(sent.stream().filter(s -> s == seqNo).count() <= 2,
                        key.getKey() + ":" + seq + " reached the topic more than twice: " + sent);
            }
            assertEquals(expected, OutboxRelayTest.lastOccurrences(sent.stream().map(String::valueOf).toList()),
                    key.getKey() + " in id order: " + sent);
        }
    }

    /** How many rows failed twice or more. */
    private static int retried(TestDatabase db) throws java.sql.SQLException {
        try (Connection connection = db.dataSource().getConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM dionysus_outboxes WHERE attempts >= 2")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
