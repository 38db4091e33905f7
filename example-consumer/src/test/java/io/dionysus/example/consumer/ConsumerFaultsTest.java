package io.dionysus.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.consumer.DeadLetterRefusedException;
import io.dionysus.runtime.consumer.DionysusConsumer;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.EmbeddedKafka;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Faults that stalled a consumer or hid that it stopped, on a broker that does not create topics: dead letters a
 * dead-letter topic can never take, a missing dead-letter topic beside one that takes its letters, a close while a
 * dead letter waits, and settings that end the loop.
 */
class ConsumerFaultsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T10:00:00Z"), ZoneOffset.UTC);

    private static TestKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = TestKafka.of(EmbeddedKafka.start(Map.of("auto.create.topics.enable", "false")).bootstrapServers(),
                null);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    /**
     * A compacted dead-letter topic refuses records without a key: the dead letter of a keyless record is keyed with
     * its coordinates. Before, it was refused, then refused reduced, and the batch was retried forever.
     */
    @AllDatabases
    void aCompactedDeadLetterTopicTakesTheDeadLetterOfAKeylessRecord(TestDatabase db) {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "keyless", CLOCK, 1, Map.of(),
                Map.of("cleanup.policy", "compact"), true).start()) {
            consumer.send(null, "{not json");
            consumer.send("Rental:2", good(2));
            consumer.awaitCaughtUp();

            assertNotNull(consumer.row("rentals", 2), "the partition went on");
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAllBytes(consumer.topic + "_dlq");
            assertEquals(1, dead.size());
            assertEquals(consumer.topic + "-0-0", dead.get(0).key(), "keyed with the original's coordinates");
            assertEquals("{not json", new String(dead.get(0).value(), StandardCharsets.UTF_8), "whole, not reduced");
            assertEquals(List.of(0L), consumer.deadLettered);
        }
    }

    /**
     * A dead-letter topic whose {@code max.message.bytes} refuses even the reduced dead letter with an empty value:
     * no retry can help, so the dead letter is dropped, logged at ERROR and told to the listener as an error, and the
     * partition goes on. Before, the batch was retried forever with every partition paused.
     */
    @AllDatabases
    void aDeadLetterRefusedEvenEmptyIsDroppedLoudlyAndThePartitionGoesOn(TestDatabase db) {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "tiny_dlq", CLOCK, 1, Map.of(),
                Map.of("max.message.bytes", "64"), true).start()) {
            consumer.send("Rental:1", "{not json");
            consumer.send("Rental:2", good(2));
            consumer.awaitCaughtUp();

            assertNotNull(consumer.row("rentals", 2), "the partition went on");
            assertEquals(List.of(), kafka.readAllBytes(consumer.topic + "_dlq"));
            assertEquals(List.of(), consumer.deadLettered, "it reached no dead-letter topic");
            List<DeadLetterRefusedException> dropped = consumer.batchErrors.stream()
                    .filter(DeadLetterRefusedException.class::isInstance).map(DeadLetterRefusedException.class::cast)
                    .toList();
            assertEquals(1, dropped.size(), consumer.batchErrors.toString());
            assertEquals(consumer.topic, dropped.get(0).topic());
            assertEquals(0L, dropped.get(0).offset());
            assertEquals(consumer.topic + "_dlq", dropped.get(0).deadLetterTopic());
            assertTrue(dropped.get(0).getMessage().contains("Rental:1"), dropped.get(0).getMessage());
        }
    }

    /**
     * Two dead letters in one batch, one of whose topics is missing: the batch is retried until that topic exists,
     * and the other dead-letter topic receives its letter once. Before, it received a new copy on every retry.
     */
    @AllDatabases
    void deadLettersAcknowledgedInAnEarlierTryOfTheBatchAreNotSentAgain(TestDatabase db) throws Exception {
        String other = TestKafka.uniqueTopic("other_poison");
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "two_dlqs", CLOCK, 1, Map.of(), Map.of(), true)
                .alsoConsume(other)) {
            consumer.producerProperty("max.block.ms", 300);
            kafka.send(other, "Rental:9", "{not json either");
            consumer.send("Rental:1", "{not json");
            consumer.send("Rental:2", good(2));
            consumer.start();
            await(() -> consumer.batchErrors.size() >= 4, "the batch failed and was retried");
            assertEquals(1, kafka.readAll(consumer.topic + "_dlq").size(), "sent once, though the batch was retried");
            assertEquals(List.of(), consumer.deadLetteredAt, "nothing told before the batch committed");

            kafka.createTopic(other + "_dlq", 1);
            consumer.awaitCaughtUp();
            assertNotNull(consumer.row("rentals", 2));
            assertEquals(1, kafka.readAll(consumer.topic + "_dlq").size());
            assertEquals(1, kafka.readAll(other + "_dlq").size());
            assertEquals(2, consumer.deadLetteredAt.size(), "each told once: " + consumer.deadLetteredAt);
            assertEquals(Set.of(consumer.topic + "@0", other + "@0"), Set.copyOf(consumer.deadLetteredAt));
        }
    }

    /**
     * {@code close()} while a dead letter waits for its missing topic (the dead-letter producer's default
     * {@code max.block.ms}): the batch is abandoned after a short grace, not committed. Before, close() waited out
     * Kafka's default of 60 s.
     */
    @AllDatabases
    void closeAbandonsABatchWaitingForAMissingDeadLetterTopic(TestDatabase db) throws Exception {
        java.util.concurrent.CountDownLatch poisoned = new java.util.concurrent.CountDownLatch(1);
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "close_waiting", CLOCK, 1, Map.of(), null,
                true)) {
            // a message that cannot be applied, and a sign that it is being dead-lettered
            consumer.filter((topic, event, data) -> {
                poisoned.countDown();
                throw new IllegalArgumentException("cannot be applied");
            }).start();
            consumer.send("Rental:1", good(1));
            assertTrue(poisoned.await(30, TimeUnit.SECONDS));
            Thread.sleep(300); // its dead letter waits for the missing topic's metadata

            long started = System.nanoTime();
            CompletableFuture.runAsync(consumer::stop).get(15, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs < 5_000, "close() took " + tookMs + " ms");
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin()
                    .listConsumerGroupOffsets(consumer.groupId()).partitionsToOffsetAndMetadata().get();
            assertTrue(committed.values().stream().allMatch(o -> o == null || o.offset() == 0),
                    "the abandoned batch is read again on the next start: " + committed);
        }
    }

    /**
     * Settings that end the loop: the consumer says it is not running (the health check reads it), and the listener
     * hears the error. Before, {@code status().running()} stayed true with the loop's thread dead.
     */
    @AllDatabases
    void aLoopThatEndsSaysItIsNotRunning(TestDatabase db) {
        // no committed offset and auto.offset.reset=none: the first poll throws NoOffsetForPartitionException
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "no_reset", CLOCK)) {
            consumer.consumerProperty("auto.offset.reset", "none").start();
            consumer.send("Rental:1", good(1));
            await(() -> !consumer.status().running(), "the loop ended");
            assertTrue(consumer.batchErrors.stream().anyMatch(NoOffsetForPartitionException.class::isInstance),
                    consumer.batchErrors.toString());
        }
        // a session timeout the broker refuses (below its group.min.session.timeout.ms of 6 s)
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "short_session", CLOCK, 1, Map.of(), Map.of(),
                false)) {
            consumer.consumerProperty("session.timeout.ms", 1_000).consumerProperty("heartbeat.interval.ms", 300)
                    .start();
            await(() -> !consumer.status().running(), "the loop ended");
            assertFalse(consumer.batchErrors.isEmpty());
        }
        // a dead-letter producer that throws at send (here its partitioner)
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "broken_dlq", CLOCK, 1, Map.of(), Map.of(),
                false)) {
            consumer.producerProperty("partitioner.class", BrokenPartitioner.class.getName()).start();
            consumer.send("Rental:1", "{not json");
            await(() -> !consumer.status().running(), "the loop ended");
            assertTrue(consumer.batchErrors.stream().anyMatch(e -> BrokenPartitioner.MESSAGE.equals(e.getMessage())),
                    consumer.batchErrors.toString());
        }
    }

    /** A partitioner whose every call throws, as one that cannot work with its settings would. */
    public static final class BrokenPartitioner implements Partitioner {
        static final String MESSAGE = "this partitioner cannot work";

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                Cluster cluster) {
            throw new IllegalStateException(MESSAGE);
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String good(long id) {
        return "{\"message\":[{\"event\":\"rental_created\",\"model_name\":\"Rental\",\"data\":[{\"id\":" + id
                + ",\"name\":\"Good " + id + "\",\"links\":{}}]}]}";
    }
}
