package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.H2;
import static io.dionysus.testkit.TestDatabase.Kind.MARIADB;
import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.EmbeddedKafka;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class OutboxRelayTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void publishesTheStoredBytesKeyTopicAndPartitionThenMarksRows(TestDatabase db, TestKafka kafka) {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_exact");
        kafka.createTopic(topic, 3);
        String payload = "{\"message\":[{\"event\":\"user_created\",\"model_name\":\"User\",\"data\":[{\"name\":\"Zoë \\u003c3\",\"links\":{}}]}]}";
        write(db, new OutboxEntry("User", "1", "user_created", topic, "acct-42", "User:1", payload, null),
                new OutboxEntry("User", "2", "user_created", topic, null, "User:2", payload, null),
                new OutboxEntry("User", "1", "user_tombstone", topic, "acct-42", "User:1", null, null));

        try (OutboxRelay relay = relay(db, kafka.bootstrapServers())) {
            OutboxRelay.BatchResult result = relay.publishBatch();
            assertEquals(new OutboxRelay.BatchResult(3, 3, 0, 0), result);
        }

        List<ConsumerRecord<String, String>> records = kafka.readAll(topic);
        assertEquals(3, records.size());
        Map<String, List<ConsumerRecord<String, String>>> byKey = new LinkedHashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        ConsumerRecord<String, String> created = byKey.get("User:1").get(0);
        assertArrayEquals(payload.getBytes(StandardCharsets.UTF_8), created.value().getBytes(StandardCharsets.UTF_8));
        int expectedPartition = BuiltInPartitioner.partitionForKey("acct-42".getBytes(StandardCharsets.UTF_8), 3);
        assertEquals(expectedPartition, created.partition());
        ConsumerRecord<String, String> tombstone = byKey.get("User:1").get(1);
        assertNull(tombstone.value(), "a tombstone is a real null value");
        assertEquals(expectedPartition, tombstone.partition());
        int keyPartition = BuiltInPartitioner.partitionForKey("User:2".getBytes(StandardCharsets.UTF_8), 3);
        assertEquals(keyPartition, byKey.get("User:2").get(0).partition(), "no partition key: Kafka hashes the key");
        assertNotNull(created.headers().lastHeader(OutboxRelay.OUTBOX_ID_HEADER));

        for (Map<String, Object> row : OutboxRows.all(db.dataSource())) {
            assertNotNull(row.get("published_at"), "published: " + row);
            assertEquals(0, ((Number) row.get("attempts")).intValue());
        }
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void rubyPartitionedTopicsPickTheCrc32PartitionARubyProducerWould(TestDatabase db, TestKafka kafka) {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_ruby");
        kafka.createTopic(topic, 5);
        write(db, new OutboxEntry("User", "1", "user_created", topic, "acct-42", "User:1", "{}", null),
                new OutboxEntry("User", "2", "user_created", topic, "acct-7", "User:2", "{}", null),
                new OutboxEntry("User", "3", "user_created", topic, null, "User:3", "{}", null),
                new OutboxEntry("User", "9", "user_created", topic, null, "User:9", "{}", null));
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .rubyPartitionedTopics(List.of(topic)).build()) {
            assertEquals(4, relay.publishBatch().published());
        }
        Map<String, Integer> partitions = new LinkedHashMap<>();
        kafka.readAll(topic).forEach(r -> partitions.put(r.key(), r.partition()));
        // zlib.crc32 of the partition key (else of the message key) modulo 5, computed with Python
        assertEquals(Map.of("User:1", 3, "User:2", 4, "User:3", 1, "User:9", 2), partitions);
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void keepsRowsWhileTheBrokerIsDownAndPublishesThemInKeyOrderOnceItIsBack(TestDatabase db) throws Exception {
        OutboxSchema.install(db.dataSource());
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String topic = "relay_outage";
        List<String> order = List.of("A:1", "B:1", "A:2", "C:1", "B:2", "A:3");
        write(db, order.stream().map(k -> entry(topic, k.substring(0, 1), k)).toArray(OutboxEntry[]::new));

        try (OutboxRelay relay = relayWithShortTimeouts(db, "127.0.0.1:" + port)) {
            // at least 4 iterations, and as many more as the topic's metadata lookup needs to give up on a loaded
            // machine (until then the rows wait untouched)
            long outageDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < 4 || firstAttempts(db) == 0 && System.nanoTime() < outageDeadline; i++) {
                OutboxRelay.BatchResult result = relay.publishBatch();
                assertEquals(0, result.published(), "nothing can be published without a broker");
                clock.advance(Duration.ofSeconds(1));
            }
            List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
            assertTrue(rows.stream().allMatch(r -> r.get("published_at") == null), "none published: " + rows);
            Map<String, Object> first = rows.get(0);
            assertTrue(((Number) first.get("attempts")).intValue() >= 1, "attempts counted: " + first);
            assertEquals("org.apache.kafka.common.errors.TimeoutException", first.get("error_class"));
            assertNotNull(first.get("error_message"));
            assertNotNull(first.get("retry_at"));
            assertNotNull(first.get("failed_at"));

            try (EmbeddedKafka broker = EmbeddedKafka.start(port);
                 TestKafka kafka = TestKafka.of(broker.bootstrapServers(), null)) {
                kafka.createTopic(topic, 2);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!OutboxRows.unpublished(db.dataSource()).isEmpty() && System.nanoTime() < deadline) {
                    clock.advance(Duration.ofSeconds(5));
                    relay.publishBatch();
                }
                assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()), "every row published");
                Map<String, List<String>> published = valuesByKey(kafka.readAll(topic));
                assertEquals(List.of("A:1", "A:2", "A:3"), lastOccurrences(published.get("A")));
                assertEquals(List.of("B:1", "B:2"), lastOccurrences(published.get("B")));
                assertEquals(List.of("C:1"), lastOccurrences(published.get("C")));
            }
        }
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aFailedRowHoldsBackLaterRowsOfItsKeyButNotOtherKeys(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String small = TestKafka.uniqueTopic("relay_small");
        String other = TestKafka.uniqueTopic("relay_other");
        kafka.createTopic(small, 1, Map.of("max.message.bytes", "2048"));
        kafka.createTopic(other, 1);
        String big = "x".repeat(8_000);
        write(db, entry(small, "A", "A:1"), entry(small, "A", big), entry(other, "A", "B:1"),
                entry(small, "A", "A:3"));

        List<String> failures = new CopyOnWriteArrayList<>();
        OutboxRelayListener listener = new OutboxRelayListener() {
            @Override
            public void publishingFailed(OutboxRecord record, Throwable error) {
                failures.add(record.id() + " " + error.getClass().getSimpleName());
            }
        };
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .clock(clock).listener(listener).batchSize(10).backoff(Duration.ofSeconds(10), Duration.ofMinutes(1))
                .producerProperty("batch.size", 0).build()) {
            OutboxRelay.BatchResult first = relay.publishBatch();
            assertEquals(1, first.failed(), first.toString());
            List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
            assertNotNull(rows.get(0).get("published_at"), "A:1 went through: " + rows);
            Map<String, Object> failed = rows.get(1);
            assertNull(failed.get("published_at"));
            assertEquals(1, ((Number) failed.get("attempts")).intValue());
            assertEquals("org.apache.kafka.common.errors.RecordTooLargeException", failed.get("error_class"));
            assertNotNull(rows.get(2).get("published_at"), "another topic is not held back");
            Map<String, Object> held = rows.get(3);
            assertNull(held.get("published_at"), "A:3 waits behind the failed row");
            assertEquals(0, ((Number) held.get("attempts")).intValue());
            assertEquals(instant(failed.get("retry_at")), instant(held.get("retry_at")));
            assertEquals(List.of(rows.get(1).get("id") + " RecordTooLargeException"), failures);

            assertEquals(0, relay.publishBatch().claimed(), "nothing is due before retry_at");
            kafka.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, small),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048576"),
                            AlterConfigOp.OpType.SET)))).all().get();
            clock.advance(Duration.ofSeconds(11));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!OutboxRows.unpublished(db.dataSource()).isEmpty() && System.nanoTime() < deadline) {
                relay.publishBatch();
                clock.advance(Duration.ofSeconds(30));
            }
        }
        assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));
        List<String> values = new ArrayList<>();
        kafka.readAll(small).forEach(r -> values.add(r.value().length() > 20 ? "big" : r.value()));
        assertEquals(List.of("A:1", "big", "A:3"), lastOccurrences(values));
    }

    /**
     * Rows queued behind a row that keeps failing (too large for its topic: the broker refuses it) are not sent again
     * at each of its retries: the failing row is retried alone, the rows behind it stay held back, unsent. They went
     * out once, beside it, in the batch where it first failed; once an operator skipped it they go out in order, so
     * each has at most one extra copy. Before, each retry claimed and sent them with it, and they were held back
     * again: one more copy of each per retry (the field report: 314 copies of one row in 2 minutes).
     */
    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void rowsBehindAFailingRowAreNotSentAgainAtEachOfItsRetries(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String small = TestKafka.uniqueTopic("relay_refused");
        kafka.createTopic(small, 1, Map.of("max.message.bytes", "2048"));
        write(db, entry(small, "A", "x".repeat(8_000)), entry(small, "A", "A:2"), entry(small, "A", "A:3"),
                entry(small, "B", "B:1"));
        long big = ((Number) OutboxRows.all(db.dataSource()).get(0).get("id")).longValue();
        int retries = 10;
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).producerProperty("batch.size", 0).build()) {
            assertEquals(new OutboxRelay.BatchResult(4, 1, 1, 2), relay.publishBatch(), "B:1 goes, A:2 and A:3 wait");
            for (int i = 0; i < retries; i++) {
                clock.advance(Duration.ofSeconds(2));
                relay.publishPending(Duration.ofSeconds(30));
            }
            List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
            assertEquals(retries + 1, ((Number) rows.get(0).get("attempts")).intValue(), "retried each time");
            List<String> sent = valuesByKey(kafka.readAll(small)).get("A");
            assertEquals(1, sent.stream().filter("A:2"::equals).count(),
                    "A:2 sent only beside the first try: " + sent);
            assertEquals(1, sent.stream().filter("A:3"::equals).count(),
                    "A:3 sent only beside the first try: " + sent);
            assertEquals(0, ((Number) rows.get(1).get("attempts")).intValue(), "held back, never charged");

            assertTrue(new OutboxInspector(db.dataSource(), clock).skip(big));
            assertEquals(2, relay.publishPending(Duration.ofSeconds(30)));
        }
        assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));
        List<String> sent = valuesByKey(kafka.readAll(small)).get("A").stream()
                .filter(value -> value.length() < 20).toList();
        assertEquals(List.of("A:2", "A:3", "A:2", "A:3"), sent, "one extra copy each, in order");
    }

    /**
     * A send the producer fails at once (here a row over the producer's {@code max.request.size}) stops the later
     * rows of its key in that batch: they are held back without ever being sent, and go out once, in order, after
     * it was skipped.
     */
    @AllDatabases({H2, POSTGRESQL})
    void aRowTheProducerRefusesAtOnceStopsTheLaterRowsOfItsKeyBeforeTheyAreSent(TestDatabase db, TestKafka kafka)
            throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_refused_at_once");
        kafka.createTopic(topic, 1);
        write(db, entry(topic, "A", "A:1"), entry(topic, "A", "x".repeat(8_000)), entry(topic, "A", "A:3"),
                entry(topic, "B", "B:1"), entry(topic, "A", "A:4"));
        long big = ((Number) OutboxRows.all(db.dataSource()).get(1).get("id")).longValue();
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .producerProperty("max.request.size", 4096).build()) {
            assertEquals(new OutboxRelay.BatchResult(5, 2, 1, 2), relay.publishBatch());
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(2));
                relay.publishPending(Duration.ofSeconds(30));
            }
            assertEquals(List.of("A:1", "B:1"), kafka.readAll(topic).stream().map(ConsumerRecord::value).toList(),
                    "A:3 and A:4 never sent while the row before them fails");
            assertTrue(new OutboxInspector(db.dataSource(), clock).skip(big));
            assertEquals(2, relay.publishPending(Duration.ofSeconds(30)));
        }
        assertEquals(List.of("A:1", "B:1", "A:3", "A:4"),
                kafka.readAll(topic).stream().map(ConsumerRecord::value).toList());
    }

    /**
     * When a row that failed before goes through, the rows of its key held behind it go out in the same iteration,
     * after its acknowledgement (a second send in the iteration, only for keys whose first row is a retry).
     */
    @AllDatabases({H2, POSTGRESQL})
    void rowsBehindARetriedRowGoOutInTheIterationItIsAcknowledged(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String small = TestKafka.uniqueTopic("relay_raised");
        kafka.createTopic(small, 1, Map.of("max.message.bytes", "2048"));
        write(db, entry(small, "A", "x".repeat(8_000)), entry(small, "A", "A:2"), entry(small, "A", "A:3"),
                entry(small, "B", "B:1"));
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).producerProperty("batch.size", 0).build()) {
            assertEquals(1, relay.publishBatch().failed());
            kafka.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, small),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048576"),
                            AlterConfigOp.OpType.SET)))).all().get();
            clock.advance(Duration.ofSeconds(2));
            assertEquals(new OutboxRelay.BatchResult(3, 3, 0, 0), relay.publishBatch());
        }
        assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));
        List<String> sent = valuesByKey(kafka.readAll(small)).get("A").stream()
                .map(value -> value.length() > 20 ? "big" : value).toList();
        assertEquals(List.of("A:2", "A:3", "big", "A:2", "A:3"), sent);
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aRowClaimedByAnotherRelayHoldsBackLaterRowsOfItsKey(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_two");
        kafka.createTopic(topic, 1);
        write(db, entry(topic, "A", "A:1"), entry(topic, "A", "A:2"), entry(topic, "B", "B:1"));
        long first = ((Number) OutboxRows.all(db.dataSource()).get(0).get("id")).longValue();
        try (Connection other = db.dataSource().getConnection();
             OutboxRelay relay = relay(db, kafka.bootstrapServers())) {
            // another relay's batch: it holds the lock of A:1 while it sends it
            other.setAutoCommit(false);
            try (var lock = other.prepareStatement("SELECT id FROM dionysus_outboxes WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, first);
                lock.executeQuery().close();
            }
            OutboxRelay.BatchResult result = relay.publishBatch();
            assertEquals(new OutboxRelay.BatchResult(2, 1, 0, 1), result, "A:2 waits, B:1 goes");
            List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
            assertNull(rows.get(1).get("published_at"));
            assertNull(rows.get(1).get("retry_at"), "left untouched: claimed again next time");
            assertNotNull(rows.get(2).get("published_at"));
            other.rollback();

            assertEquals(2, relay.publishBatch().published());
        }
        assertEquals(List.of("B:1", "A:1", "A:2"), kafka.readAll(topic).stream().map(ConsumerRecord::value).toList());
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void rowsWaitForThePublishingDelay(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_delay");
        kafka.createTopic(topic, 1);
        try (Connection connection = db.dataSource().getConnection()) {
            Outbox.builder().clock(clock).build().insert(connection, List.of(entry(topic, "A", "A:1")));
        }
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .publishingDelay(Duration.ofSeconds(10)).build()) {
            clock.advance(Duration.ofSeconds(9));
            assertEquals(0, relay.publishBatch().claimed(), "too young");
            clock.advance(Duration.ofSeconds(1));
            assertEquals(1, relay.publishBatch().published(), "ten seconds after it was written");
        }
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void theHealthCheckFileLivesWhileTheRelayRuns(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        java.nio.file.Path file = java.nio.file.Files.createTempDirectory("health").resolve("relay");
        FileHealthCheck check = new FileHealthCheck(file, java.time.Clock.systemUTC());
        OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).listener(check)
                .idleSleep(Duration.ofMillis(20)).build();
        relay.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!java.nio.file.Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(FileHealthCheck.isHealthy(file, Duration.ofSeconds(120), java.time.Clock.systemUTC()));
        assertTrue(!FileHealthCheck.isHealthy(file, Duration.ofSeconds(120),
                java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(5))), "stale after 120 s");
        relay.close();
        assertTrue(!java.nio.file.Files.exists(file), "removed when the relay stopped");
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void theBackgroundLoopPublishesAndStopsGracefully(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_loop");
        kafka.createTopic(topic, 1);
        CountDownLatch published = new CountDownLatch(3);
        List<String> events = new CopyOnWriteArrayList<>();
        OutboxRelayListener listener = new OutboxRelayListener() {
            @Override
            public void started() {
                events.add("started");
            }

            @Override
            public void published(OutboxRecord record) {
                published.countDown();
            }

            @Override
            public void shuttingDown() {
                events.add("shutting_down");
            }

            @Override
            public void stopped() {
                events.add("stopped");
            }
        };
        OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .listener(listener).idleSleep(Duration.ofMillis(20)).build();
        relay.start();
        write(db, entry(topic, "A", "1"), entry(topic, "A", "2"), entry(topic, "B", "3"));
        assertTrue(published.await(30, TimeUnit.SECONDS), "published by the background thread");
        relay.close();
        assertEquals(List.of("started", "shutting_down", "stopped"), events);
        assertEquals(3, kafka.readAll(topic).size());
    }

    @AllDatabases
    void aListenerThatThrowsNeitherStopsTheLoopNorHidesEvents(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_listener");
        kafka.createTopic(topic, 1);
        CountDownLatch published = new CountDownLatch(3);
        AtomicInteger heartbeats = new AtomicInteger();
        OutboxRelayListener broken = new OutboxRelayListener() {
            @Override
            public void started() {
                throw new IllegalStateException("started");
            }

            @Override
            public void heartbeat() {
                heartbeats.incrementAndGet();
                throw new IllegalStateException("heartbeat");
            }

            @Override
            public void published(OutboxRecord record) {
                published.countDown();
                throw new IllegalStateException("published");
            }

            @Override
            public void stopped() {
                throw new IllegalStateException("stopped");
            }
        };
        OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .listener(broken).idleSleep(Duration.ofMillis(20)).build();
        relay.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (heartbeats.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(heartbeats.get() >= 3, "the loop went on after its heartbeats threw");
        write(db, entry(topic, "A", "1"), entry(topic, "A", "2"), entry(topic, "B", "3"));
        assertTrue(published.await(30, TimeUnit.SECONDS), "every row's event, though each one threw");
        relay.close();
        assertEquals(3, kafka.readAll(topic).size());
        assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void producerSettingsThatCannotWorkFailTheBuildNotARow(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_settings");
        kafka.createTopic(topic, 1);
        write(db, entry(topic, "A", "A:1"));
        String keyStore = java.nio.file.Files.createTempDirectory("relay").resolve("missing.jks").toString();
        List<Map<String, Object>> unworkable = new ArrayList<>();
        unworkable.add(Map.of("max.in.flight.requests.per.connection", 10)); // over the idempotent producer's 5
        unworkable.add(Map.of("retries", 0));                                 // the idempotent producer must retry
        unworkable.add(Map.of("linger.ms", "soon"));
        unworkable.add(Map.of("compression.type", "zip"));
        unworkable.add(Map.of("bootstrap.servers", "localhost"));
        // contradicting what the relay forces: refused, not silently overridden
        unworkable.add(Map.of("acks", "1"));
        unworkable.add(Map.of("acks", 0));
        unworkable.add(Map.of("enable.idempotence", "false"));
        unworkable.add(Map.of("transactional.id", "relay-1"));
        // checked only by the client's constructor
        unworkable.add(Map.of("request.timeout.ms", 40_000));                 // above delivery.timeout.ms - linger
        unworkable.add(Map.of("delivery.timeout.ms", 1_000));
        unworkable.add(Map.of("interceptor.classes", "com.example.MissingInterceptor"));
        unworkable.add(Map.of("interceptor.classes", String.class.getName()));
        unworkable.add(Map.of("security.protocol", "SSL", "ssl.keystore.location", keyStore,
                "ssl.keystore.password", "secret"));
        // every send would throw
        unworkable.add(Map.of("buffer.memory", 1024));
        for (Map<String, Object> settings : unworkable) {
            OutboxRelay.Builder builder = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock);
            settings.forEach(builder::producerProperty);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, builder::build,
                    settings.toString());
            String named = settings.keySet().stream().filter(key -> !key.startsWith("security")
                    && !key.endsWith("password")).findFirst().orElseThrow();
            assertTrue(error.getMessage().contains(named), error.getMessage());
        }
        assertUntouched(db);

        // a broker name that does not resolve yet is left to the producer's first connection
        OutboxRelay.builder(db.dataSource(), "kafka.invalid:9092").build().close();

        // values the relay reads itself are parsed as Kafka parses them
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .producerProperty("max.block.ms", "10000 ").producerProperty("acks", " ALL ")
                .producerProperty("enable.idempotence", "true").build()) {
            assertEquals(1, relay.publishBatch().published());
        }
    }

    /**
     * A send that throws instead of failing its record (here a partitioner that cannot work, called for rows without
     * a partition key) is no row's fault: the iteration fails, rows acknowledged before it are marked, no row is
     * charged. Before, the row was charged with the partitioner's exception at every iteration.
     */
    @AllDatabases({H2, POSTGRESQL})
    void aSendThatThrowsForNoRowsFaultFailsTheIterationNotTheRow(TestDatabase db, TestKafka kafka)
            throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_partitioner");
        kafka.createTopic(topic, 2);
        write(db, entry(topic, "A", "A:1"), unkeyed(topic, "B", "B:1"), entry(topic, "C", "C:1"));
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<OutboxRecord> failures = new CopyOnWriteArrayList<>();
        OutboxRelayListener listener = new OutboxRelayListener() {
            @Override
            public void publishingFailed(OutboxRecord record, Throwable error) {
                failures.add(record);
            }

            @Override
            public void error(Throwable error) {
                errors.add(error);
            }
        };
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .listener(listener).errorSleep(Duration.ofMillis(20))
                .producerProperty("partitioner.class", BrokenPartitioner.class.getName()).build()) {
            org.apache.kafka.common.KafkaException error = assertThrows(org.apache.kafka.common.KafkaException.class,
                    relay::publishBatch);
            assertTrue(error.getMessage().contains(BrokenPartitioner.MESSAGE), error.getMessage());
            List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
            assertNotNull(rows.get(0).get("published_at"), "A:1 was acknowledged before: marked");
            for (Map<String, Object> row : rows.subList(1, 3)) {
                assertNull(row.get("published_at"));
                assertEquals(0, ((Number) row.get("attempts")).intValue(), "no attempt charged: " + row);
                assertNull(row.get("error_class"), "no error charged: " + row);
                assertNull(row.get("retry_at"));
            }
            relay.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (errors.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(errors.size() >= 3, "the loop reports the iteration's error and goes on: " + errors);
        }
        assertEquals(List.of(), failures, "no row failed");
        assertEquals(0, ((Number) OutboxRows.all(db.dataSource()).get(1).get("attempts")).intValue());
    }

    /** A partitioner whose every call throws, as one that cannot work with its settings would. */
    public static final class BrokenPartitioner implements org.apache.kafka.clients.producer.Partitioner {
        static final String MESSAGE = "this partitioner cannot work";

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                org.apache.kafka.common.Cluster cluster) {
            throw new IllegalStateException(MESSAGE);
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    /**
     * {@code max.block.ms=0}: the producer gives up on a topic's metadata before the broker answered; the lookup asks
     * again for {@code metadataWait}. Before, the first attempt of every row was charged with a TimeoutException.
     */
    @AllDatabases({H2, POSTGRESQL})
    void aMaxBlockOfZeroChargesNoRow(TestDatabase db, TestKafka kafka) {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_no_block");
        kafka.createTopic(topic, 1);
        write(db, entry(topic, "A", "A:1"), entry(topic, "B", "B:1"));
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .producerProperty("max.block.ms", 0).build()) {
            assertEquals(new OutboxRelay.BatchResult(2, 2, 0, 0, 0), relay.publishBatch());
        }
        assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));
        assertTrue(OutboxRows.all(db.dataSource()).stream()
                .allMatch(row -> ((Number) row.get("attempts")).intValue() == 0));
    }

    /**
     * A failed row's retry time counts from when its failure is marked: here every send takes 30 s (of the test's
     * clock), and the back-off is 5 s. Before, it counted from the batch's start, so it was over before it began.
     */
    @AllDatabases({H2, POSTGRESQL})
    void aFailedRowsBackOffCountsFromItsFailureNotFromTheBatchsStart(TestDatabase db, TestKafka kafka) {
        OutboxSchema.install(db.dataSource());
        String small = TestKafka.uniqueTopic("relay_slow");
        kafka.createTopic(small, 1, Map.of("max.message.bytes", "2048"));
        write(db, entry(small, "A", "x".repeat(8_000)));
        SlowSends.clock = clock;
        Instant started = clock.instant();
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .backoff(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .producerProperty("interceptor.classes", SlowSends.class.getName()).build()) {
            assertEquals(1, relay.publishBatch().failed());
        } finally {
            SlowSends.clock = null;
        }
        Map<String, Object> row = OutboxRows.all(db.dataSource()).get(0);
        Instant failedAt = instant(row.get("failed_at"));
        Instant retryAt = instant(row.get("retry_at"));
        assertEquals(started.plus(SlowSends.SEND), failedAt, "marked when it failed");
        assertEquals(failedAt.plus(Duration.ofSeconds(5)), retryAt);
        assertTrue(retryAt.isAfter(clock.instant()), "the back-off is still ahead: " + retryAt);
    }

    /** Moves the test's clock on by {@link #SEND} at every send, as a send that takes that long would. */
    public static final class SlowSends implements org.apache.kafka.clients.producer.ProducerInterceptor<String,
            byte[]> {
        static final Duration SEND = Duration.ofSeconds(30);
        static volatile MutableClock clock;

        @Override
        public org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> onSend(
                org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record) {
            MutableClock moved = clock;
            if (moved != null) {
                moved.advance(SEND);
            }
            return record;
        }

        @Override
        public void onAcknowledgement(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aProducerThatCannotStartFailsTheIterationNotARow(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_no_producer");
        kafka.createTopic(topic, 1);
        write(db, entry(topic, "A", "A:1"), entry(topic, "B", "B:1"));
        java.nio.file.Path keyStore = java.nio.file.Files.createTempDirectory("relay").resolve("relay.p12");
        java.security.KeyStore empty = java.security.KeyStore.getInstance("PKCS12");
        empty.load(null, "secret".toCharArray());
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(keyStore)) {
            empty.store(out, "secret".toCharArray());
        }
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        OutboxRelayListener listener = new OutboxRelayListener() {
            @Override
            public void error(Throwable error) {
                errors.add(error);
            }
        };
        // the key store is readable when the relay is built, and gone when its producer starts
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .listener(listener).errorSleep(Duration.ofMillis(20))
                .producerProperty("security.protocol", "SSL")
                .producerProperty("ssl.keystore.type", "PKCS12")
                .producerProperty("ssl.keystore.location", keyStore.toString())
                .producerProperty("ssl.keystore.password", "secret").build()) {
            java.nio.file.Files.delete(keyStore);
            org.apache.kafka.common.KafkaException error = assertThrows(org.apache.kafka.common.KafkaException.class,
                    relay::publishBatch);
            assertTrue(error.getMessage().contains("producer"), error.getMessage());
            relay.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (errors.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(errors.size() >= 3, "the loop reports the iteration's error and goes on: " + errors);
        }
        assertUntouched(db);
    }

    /** No row was charged: unpublished, no attempt, no error, no retry time. */
    private static void assertUntouched(TestDatabase db) {
        List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
        assertTrue(!rows.isEmpty());
        for (Map<String, Object> row : rows) {
            assertNull(row.get("published_at"));
            assertEquals(0, ((Number) row.get("attempts")).intValue(), "no attempt charged: " + row);
            assertNull(row.get("error_class"), "no error charged: " + row);
            assertNull(row.get("retry_at"));
        }
    }

    private OutboxRelay relay(TestDatabase db, String bootstrap) {
        return OutboxRelay.builder(db.dataSource(), bootstrap).clock(clock).build();
    }

    private static int firstAttempts(TestDatabase db) throws Exception {
        return ((Number) OutboxRows.all(db.dataSource()).get(0).get("attempts")).intValue();
    }

    private OutboxRelay relayWithShortTimeouts(TestDatabase db, String bootstrap) {
        return OutboxRelay.builder(db.dataSource(), bootstrap)
                .clock(clock)
                .batchSize(4)
                .backoff(Duration.ofSeconds(2), Duration.ofSeconds(4))
                .producerProperty("max.block.ms", 300)
                .producerProperty("request.timeout.ms", 1000)
                .producerProperty("delivery.timeout.ms", 1500)
                .producerProperty("reconnect.backoff.max.ms", 200)
                .build();
    }

    private static OutboxEntry entry(String topic, String partitionKey, String payload) {
        return new OutboxEntry("Thing", payload.length() > 20 ? "big" : payload, "thing_updated", topic, partitionKey,
                "Thing:" + partitionKey,
                payload, null);
    }

    private static OutboxEntry unkeyed(String topic, String key, String payload) {
        return new OutboxEntry("Thing", key, "thing_updated", topic, null, "Thing:" + key, payload, null);
    }

    private static void write(TestDatabase db, OutboxEntry... entries) {
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            Outbox.builder().build().insert(connection, List.of(entries));
            connection.commit();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<String>> valuesByKey(List<ConsumerRecord<String, String>> records) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            byKey.computeIfAbsent(record.key().substring("Thing:".length()), k -> new ArrayList<>())
                    .add(record.value());
        }
        return byKey;
    }

    /**
     * The order consumers end up applying: a row re-sent after an earlier failure may appear twice, and only its
     * last occurrence decides the final state.
     */
    static List<String> lastOccurrences(Collection<String> values) {
        List<String> list = new ArrayList<>(values);
        List<String> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.subList(i + 1, list.size()).contains(list.get(i))) {
                continue;
            }
            result.add(list.get(i));
        }
        return result;
    }

    private static Instant instant(Object value) {
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalArgumentException(String.valueOf(value));
    }
}
