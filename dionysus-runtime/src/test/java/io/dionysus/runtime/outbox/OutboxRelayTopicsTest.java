package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.H2;
import static io.dionysus.testkit.TestDatabase.Kind.MARIADB;
import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.EmbeddedKafka;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The relay against a broker that does not create topics: a topic without metadata must not stall the others. */
class OutboxRelayTopicsTest {

    /** Longer than the relay's metadata wait (1 s), short enough for a quick test. */
    private static final int MAX_BLOCK_MS = 3_000;

    private static TestKafka kafka;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeAll
    static void startBroker() {
        kafka = TestKafka.of(EmbeddedKafka.start(Map.of("auto.create.topics.enable", "false")).bootstrapServers(),
                null);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aMissingTopicCostsOneShortWaitWhileTheOtherTopicsFlow(TestDatabase db) throws Exception {
        OutboxSchema.install(db.dataSource());
        String missing = TestKafka.uniqueTopic("relay_missing");
        String existing = TestKafka.uniqueTopic("relay_existing");
        kafka.createTopic(existing, 1);
        write(db, entry(missing, "A:1"), entry(missing, "B:1"), entry(missing, "C:1"),
                entry(existing, "D:1"), entry(existing, "E:1"), entry(existing, "F:1"));

        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .backoff(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .producerProperty("max.block.ms", MAX_BLOCK_MS).build()) {
            long started = System.nanoTime();
            OutboxRelay.BatchResult first = relay.publishBatch();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(3, first.published(), "the existing topic's rows went out in the first iteration: " + first);
            assertTrue(tookMs < MAX_BLOCK_MS - 1_000, "one short wait, not max.block.ms per row: " + tookMs + " ms");
            assertEquals(0, first.failed(), "the lookup is still running: nothing is charged yet");

            // while the missing topic's lookup runs out, iterations are quick and other rows keep flowing
            write(db, entry(existing, "D:2"));
            int failed = 0;
            int published = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (failed == 0 && System.nanoTime() < deadline) {
                long iteration = System.nanoTime();
                OutboxRelay.BatchResult result = relay.publishBatch();
                long iterationMs = (System.nanoTime() - iteration) / 1_000_000;
                assertTrue(iterationMs < 1_000, "an iteration waits for no lookup it did not start: " + iterationMs);
                failed = result.failed();
                published += result.published();
                Thread.sleep(100);
            }
            assertEquals(1, published, "D:2 went out while the missing topic's lookup ran");
            assertEquals(3, failed, "the missing topic's rows failed together once its lookup failed");
            for (Map<String, Object> row : rowsOf(db, missing)) {
                assertNull(row.get("published_at"));
                assertEquals(1, ((Number) row.get("attempts")).intValue(), "one attempt each: " + row);
                assertEquals("org.apache.kafka.common.errors.TimeoutException", row.get("error_class"));
                String message = String.valueOf(row.get("error_message"));
                assertTrue(message.contains(missing) && message.contains("does not exist"), message);
                assertNotNull(row.get("retry_at"));
            }

            // the topic is created; after the back-off its rows go out, in one short iteration
            kafka.createTopic(missing, 1);
            clock.advance(Duration.ofSeconds(6));
            assertEquals(3, relay.publishPending(Duration.ofSeconds(30)));
        }
        assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));
        assertEquals(List.of("A:1", "B:1", "C:1"), values(missing));
        assertEquals(List.of("D:1", "E:1", "F:1", "D:2"), values(existing));
    }

    /**
     * A missing topic with more rows than a batch: while its lookup runs, its rows are not claimed, so the other
     * topics' rows fill the batches; when it failed, all its rows are charged at once and left alone for the back-off.
     * Before, each batch was filled with the missing topic's rows (claimed in id order), each waited for the lookup and
     * failed after max.block.ms, and the live topic's rows went out only after all of them.
     */
    @AllDatabases({H2, POSTGRESQL})
    void aMissingTopicWithMoreRowsThanABatchHoldsUpNoOtherTopic(TestDatabase db) throws Exception {
        OutboxSchema.install(db.dataSource());
        String missing = TestKafka.uniqueTopic("relay_many_missing");
        String live = TestKafka.uniqueTopic("relay_live");
        kafka.createTopic(live, 1);
        int rows = 300;
        write(db, IntStream.range(0, rows).mapToObj(i -> keyed(missing, "K" + i % 7, "M" + i))
                .toArray(OutboxEntry[]::new));
        write(db, keyed(live, "L", "L:1"), keyed(live, "M", "M:1"), keyed(live, "N", "N:1"));

        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).clock(clock)
                .batchSize(50).backoff(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .producerProperty("max.block.ms", MAX_BLOCK_MS).build()) {
            long started = System.nanoTime();
            int published = 0;
            while (published < 3 && System.nanoTime() - started < 30_000_000_000L) {
                published += relay.publishBatch().published();
            }
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(3, published);
            assertTrue(tookMs < MAX_BLOCK_MS - 500, "the live topic's rows went out while the missing topic's lookup"
                    + " ran, after one wait of metadataWait: " + tookMs + " ms");
            assertTrue(rowsOf(db, missing).stream().allMatch(r -> ((Number) r.get("attempts")).intValue() == 0),
                    "nothing charged while the lookup runs");

            OutboxRelay.BatchResult charged = relay.publishBatch();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (charged.failed() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                charged = relay.publishBatch();
            }
            assertEquals(rows, charged.failed(), "every row of the topic charged at once: " + charged);
            List<Map<String, Object>> missingRows = rowsOf(db, missing);
            Object retryAt = missingRows.get(0).get("retry_at");
            for (Map<String, Object> row : missingRows) {
                assertEquals(1, ((Number) row.get("attempts")).intValue(), "one attempt each: " + row);
                assertEquals("org.apache.kafka.common.errors.TimeoutException", row.get("error_class"));
                assertTrue(String.valueOf(row.get("error_message")).startsWith("no metadata for topic " + missing),
                        String.valueOf(row.get("error_message")));
                assertEquals(retryAt, row.get("retry_at"), "one retry time: their order is kept");
            }

            // during the back-off a new row of the missing topic is not claimed, and other rows flow
            write(db, keyed(missing, "K0", "M" + rows), keyed(live, "L", "L:2"));
            long iteration = System.nanoTime();
            OutboxRelay.BatchResult during = relay.publishBatch();
            assertEquals(new OutboxRelay.BatchResult(1, 1, 0, 0, 0), during);
            assertTrue(System.nanoTime() - iteration < 900_000_000L, "no wait for the missing topic");

            kafka.createTopic(missing, 1);
            clock.advance(Duration.ofSeconds(6));
            assertEquals(rows + 1, relay.publishPending(Duration.ofSeconds(30)));
        }
        assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));
        List<String> expected = IntStream.rangeClosed(0, rows).mapToObj(i -> "M" + i).toList();
        assertEquals(expected, values(missing), "in id order");
        assertEquals(List.of("L:1", "M:1", "N:1", "L:2"), values(live));
    }

    @Test
    void topicMetadataWaitsOnlyForTheLookupsItStartsAndReportsAFailedOneOnce() throws Exception {
        String existing = TestKafka.uniqueTopic("metadata_existing");
        String missing = TestKafka.uniqueTopic("metadata_missing");
        kafka.createTopic(existing, 3);
        Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers(), "max.block.ms", 2_000);
        try (TopicMetadata metadata = new TopicMetadata(Duration.ofMillis(500), 2_000);
             KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                     new StringSerializer())) {
            long started = System.nanoTime();
            Map<String, TopicMetadata.State> first = metadata.lookUp(producer, List.of(missing, existing));
            assertTrue(System.nanoTime() - started < 1_500_000_000L, "one wait of at most 500 ms for both");
            assertEquals(new TopicMetadata.Known(3), first.get(existing));
            assertTrue(first.get(missing) instanceof TopicMetadata.Pending, first.toString());

            started = System.nanoTime();
            assertTrue(metadata.lookUp(producer, List.of(missing)).get(missing) instanceof TopicMetadata.Pending);
            assertTrue(System.nanoTime() - started < 100_000_000L, "no second wait for a lookup under way");

            Thread.sleep(2_500); // the lookup runs out of max.block.ms
            TopicMetadata.State failed = metadata.lookUp(producer, List.of(missing)).get(missing);
            assertTrue(failed instanceof TopicMetadata.Unavailable, failed.toString());
            String message = ((TopicMetadata.Unavailable) failed).error().getMessage();
            assertTrue(message.startsWith("no metadata for topic " + missing + " within max.block.ms (2000 ms)"),
                    message);
            assertTrue(metadata.lookUp(producer, List.of(missing)).get(missing) instanceof TopicMetadata.Pending,
                    "reported once; the next batch starts a new lookup");
        }
    }

    @Test
    void aLearntPartitionCountServesTheBatchesOfTheNextSecondWithoutALookup() throws Exception {
        String topic = TestKafka.uniqueTopic("metadata_learnt");
        kafka.createTopic(topic, 3);
        Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers(), "max.block.ms", 2_000);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        try (TopicMetadata metadata = new TopicMetadata(Duration.ofMillis(500), 2_000);
             KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                     new StringSerializer()) {
                 @Override
                 public List<org.apache.kafka.common.PartitionInfo> partitionsFor(String name) {
                     asked.incrementAndGet();
                     return super.partitionsFor(name);
                 }
             }) {
            assertEquals(new TopicMetadata.Known(3), metadata.lookUp(producer, List.of(topic)).get(topic));
            assertEquals(1, asked.get());
            for (int batch = 0; batch < 20; batch++) {
                assertEquals(new TopicMetadata.Known(3), metadata.lookUp(producer, List.of(topic)).get(topic));
            }
            assertEquals(1, asked.get(), "the next batches reuse what the first learnt");
            assertEquals(Set.of(), metadata.underWay());

            Thread.sleep(TopicMetadata.FRESH_FOR.toMillis() + 100);
            assertEquals(new TopicMetadata.Known(3), metadata.lookUp(producer, List.of(topic)).get(topic));
            assertEquals(2, asked.get(), "asked again once a second passed");

            metadata.reset();
            assertEquals(new TopicMetadata.Known(3), metadata.lookUp(producer, List.of(topic)).get(topic));
            assertEquals(3, asked.get(), "a new producer (reset) knows no topic: asked again");
        }
    }

    /**
     * A partition count is reused for a second without asking the producer; a topic deleted meanwhile makes a send
     * block for max.block.ms in the relay thread. That happens once per batch, not once per key: the topic's other
     * rows are not sent, and its next batch looks it up in the background again.
     */
    @Test
    void aTopicDeletedWhileItsPartitionCountIsReusedCostsOneTimeoutPerBatchNotOnePerKey() throws Exception {
        String topic = TestKafka.uniqueTopic("metadata_deleted");
        kafka.createTopic(topic, 1);
        Map<String, Object> config = RelayProducerSettings.check(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "max.block.ms", 1_000, "metadata.max.age.ms", 200)).config();
        try (OutboxSender sender = new OutboxSender(config, Set.of(),
                new TopicMetadata(Duration.ofMillis(500), 1_000, Duration.ofMinutes(5)))) {
            assertTrue(sender.send(List.of(row(topic, 1))).outcomes().get(0) instanceof OutboxSender.Acknowledged);
            kafka.admin().deleteTopics(List.of(topic)).all().get();
            Thread.sleep(1_500); // the producer's metadata, refreshed every 200 ms, has lost the topic

            long started = System.nanoTime();
            List<OutboxSender.Outcome> outcomes = sender.send(List.of(row(topic, 2), row(topic, 3), row(topic, 4)))
                    .outcomes();
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(outcomes.get(0) instanceof OutboxSender.Failed failed
                    && failed.error() instanceof org.apache.kafka.common.errors.TimeoutException, outcomes.toString());
            assertEquals(List.of(new OutboxSender.NotSent(), new OutboxSender.NotSent()), outcomes.subList(1, 3),
                    "the topic's other keys are not sent into the same wait");
            assertTrue(tookMillis < 2_500, "one max.block.ms, not three: " + tookMillis + " ms");

            OutboxSender.Sent next = sender.send(List.of(row(topic, 5)));
            assertTrue(next.outcomes().get(0) instanceof OutboxSender.NotSent
                    || next.outcomes().get(0) instanceof OutboxSender.TopicUnavailable, next.toString());
        }
    }

    private static OutboxRecord row(String topic, long id) {
        return new OutboxRecord(id, "Thing", Long.toString(id), "thing_updated", topic, null, "Thing:" + id, "{}", 0,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static List<Map<String, Object>> rowsOf(TestDatabase db, String topic) {
        return OutboxRows.all(db.dataSource()).stream().filter(r -> topic.equals(r.get("topic")))
                .collect(Collectors.toList());
    }

    private static List<String> values(String topic) {
        return kafka.readAll(topic).stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }

    private static OutboxEntry keyed(String topic, String key, String value) {
        return new OutboxEntry("Thing", key, "thing_updated", topic, null, "Thing:" + key, value, null);
    }

    private static OutboxEntry entry(String topic, String value) {
        String key = value.substring(0, 1);
        return new OutboxEntry("Thing", key, "thing_updated", topic, null, "Thing:" + key, value, null);
    }

    private static void write(TestDatabase db, OutboxEntry... entries) throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            Outbox.builder().build().insert(connection, List.of(entries));
            connection.commit();
        }
    }
}
