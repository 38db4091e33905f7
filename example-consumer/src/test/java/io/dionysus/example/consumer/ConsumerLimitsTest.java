package io.dionysus.example.consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.consumer.DionysusConsumer;
import io.dionysus.runtime.spi.ConsumerTopic;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.EmbeddedKafka;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;

/** The consumer at its limits: values of any size a topic allows, dead letters that do not fit, empty values. */
@ExtendWith(KafkaExtension.class)
class ConsumerLimitsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T10:00:00Z"), ZoneOffset.UTC);
    /** Topics that take records of up to 64 MB. */
    private static final Map<String, String> LARGE_TOPICS = Map.of("max.message.bytes", Integer.toString(64 << 20));

    @AllDatabases
    void aStringLongerThanJacksonsDefaultLimitIsApplied(TestDatabase db, TestKafka kafka) {
        String notes = "n".repeat(21_000_000);
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "long_string", CLOCK, 1, LARGE_TOPICS, true)
                .start()) {
            consumer.sendBytes("Rental:1", utf8("{\"message\":[{\"event\":\"rental_created\",\"model_name\":\"Rental\","
                    + "\"data\":[{\"id\":1,\"name\":\"Long notes\",\"notes\":\"" + notes + "\",\"links\":{}}]}]}"));
            consumer.sendBytes("Rental:2", good(2));
            consumer.awaitCaughtUp();

            Map<String, Object> row = consumer.row("rentals", 1);
            assertNotNull(row, "the 21,000,000-character record was applied, not dead-lettered");
            assertEquals("Long notes", row.get("title"));
            assertTrue(String.valueOf(row.get("synced_data")).contains(notes), "synced_data holds the whole string");
            assertNotNull(consumer.row("rentals", 2));
            assertEquals(List.of(), kafka.readAll(consumer.topic + "_dlq"));
        }
    }

    @AllDatabases
    void aDeadLetterLargerThanTheProducersDefaultRequestGoesWhole(TestDatabase db, TestKafka kafka) {
        Map<String, String> fiveMegabytes = Map.of("max.message.bytes", Integer.toString(5 << 20));
        byte[] poison = malformed(2 << 20);
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "big_poison", CLOCK, 1, fiveMegabytes, true)
                .start()) {
            consumer.sendBytes("Rental:1", poison);
            consumer.sendBytes("Rental:2", good(2));
            consumer.awaitCaughtUp();

            assertNotNull(consumer.row("rentals", 2), "the partition went on after the 2 MB poison message");
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAllBytes(consumer.topic + "_dlq");
            assertEquals(1, dead.size());
            assertArrayEquals(poison, dead.get(0).value(), "the whole value");
            assertNull(dead.get(0).headers().lastHeader(DionysusConsumer.REDUCED_HEADER));
            assertEquals("0", header(dead.get(0), DionysusConsumer.ORIGINAL_OFFSET_HEADER));
            assertEquals(List.of(0L), consumer.deadLettered);
        }
    }

    @AllDatabases
    void aDeadLetterTheTopicRefusesIsSentReducedAndThePartitionGoesOn(TestDatabase db, TestKafka kafka) {
        // fits the source topic (the broker's default limit), but not with the dead-letter headers added
        byte[] poison = malformed(1_048_300);
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "reduced", CLOCK).start()) {
            consumer.sendBytes("Rental:1", poison);
            consumer.sendBytes("Rental:2", good(2));
            consumer.awaitCaughtUp();

            assertNotNull(consumer.row("rentals", 2), "the partition went on");
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAllBytes(consumer.topic + "_dlq");
            assertEquals(1, dead.size());
            ConsumerRecord<String, byte[]> letter = dead.get(0);
            assertTrue(header(letter, DionysusConsumer.REDUCED_HEADER).contains("RecordTooLargeException"),
                    header(letter, DionysusConsumer.REDUCED_HEADER));
            assertEquals("1048300", header(letter, DionysusConsumer.ORIGINAL_SIZE_HEADER));
            assertEquals("Rental:1", letter.key());
            assertEquals(consumer.topic, header(letter, DionysusConsumer.ORIGINAL_TOPIC_HEADER));
            assertEquals("0", header(letter, DionysusConsumer.ORIGINAL_OFFSET_HEADER));
            assertTrue(header(letter, DionysusConsumer.ERROR_MESSAGE_HEADER).startsWith("not JSON"));
            assertTrue(letter.value().length > 0 && letter.value().length < poison.length,
                    "cut: " + letter.value().length);
            assertArrayEquals(Arrays.copyOf(poison, letter.value().length), letter.value(), "a prefix of the value");
            assertEquals(List.of(0L), consumer.deadLettered);
        }
    }

    @AllDatabases
    void theListenerHearsOfADeadLetterOnceAfterItWasAcknowledged(TestDatabase db, TestKafka kafka)
            throws Exception {
        // the dead letters go to another cluster, unreachable for now: a refusal that may pass
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "dlq_down", CLOCK)) {
            consumer.producerProperty("bootstrap.servers", "127.0.0.1:" + port)
                    .producerProperty("max.block.ms", 500)
                    .producerProperty("delivery.timeout.ms", 1_500)
                    .producerProperty("request.timeout.ms", 1_000)
                    .start();
            consumer.send("Rental:1", "{not json");
            consumer.send("Rental:2", new String(good(2), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (consumer.batchErrors.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(consumer.batchErrors.size() >= 3, "the batch failed and was retried");
            assertEquals(List.of(), consumer.deadLettered, "nothing reached the dead-letter topic yet");
            assertNull(consumer.row("rentals", 2), "the batch was not committed");

            try (EmbeddedKafka deadLetters = EmbeddedKafka.start(port);
                 TestKafka dlq = TestKafka.of(deadLetters.bootstrapServers(), null)) {
                dlq.createTopic(consumer.topic + "_dlq", 1);
                consumer.awaitCaughtUp();
                assertNotNull(consumer.row("rentals", 2));
                assertEquals(List.of(0L), consumer.deadLettered, "told once, after the dead letter was acknowledged");
                assertEquals(1, dlq.readAll(consumer.topic + "_dlq").size());
                consumer.stop();
            }
        }
    }

    @AllDatabases
    void anEmptyValueIsDeadLetteredNotTakenForATombstone(TestDatabase db, TestKafka kafka) {
        try (ConsumerHarness consumer = new ConsumerHarness(db, kafka, "empty", CLOCK).start()) {
            consumer.sendBytes("Rental:1", new byte[0]);
            consumer.send("Rental:1", (String) null);
            consumer.send("Rental:1", "null");
            consumer.sendBytes("Rental:2", good(2));
            consumer.awaitCaughtUp();

            assertNotNull(consumer.row("rentals", 2));
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAllBytes(consumer.topic + "_dlq");
            assertEquals(1, dead.size(), "only the empty value; the tombstones are ignored");
            assertEquals(0, dead.get(0).value().length);
            assertEquals("0", header(dead.get(0), DionysusConsumer.ORIGINAL_OFFSET_HEADER));
            assertTrue(header(dead.get(0), DionysusConsumer.ERROR_MESSAGE_HEADER).startsWith("an empty value"),
                    header(dead.get(0), DionysusConsumer.ERROR_MESSAGE_HEADER));
        }
    }

    @AllDatabases
    void settingsTheClientsRejectFailTheBuild(TestDatabase db, TestKafka kafka) {
        Map<String, Object> consumerSettings = new LinkedHashMap<>();
        consumerSettings.put("max.poll.records", 0);
        consumerSettings.put("isolation.level", "everything");
        consumerSettings.put("fetch.max.bytes", "lots");
        consumerSettings.put("interceptor.classes", "com.example.MissingInterceptor"); // only the client's constructor
        Map<String, Object> producerSettings = new LinkedHashMap<>();
        producerSettings.put("max.in.flight.requests.per.connection", 10); // the idempotent producer allows 5
        producerSettings.put("retries", 0);
        producerSettings.put("compression.type", "zip");
        producerSettings.put("transactional.id", "dead-letters-1"); // a transactional producer refuses every send
        producerSettings.put("buffer.memory", 1024);                // below batch.size: every send would throw
        producerSettings.put("delivery.timeout.ms", 1_000);         // only the client's constructor checks these
        producerSettings.put("interceptor.classes", "com.example.MissingInterceptor");
        for (boolean ofConsumer : new boolean[] {true, false}) {
            for (Map.Entry<String, Object> setting : (ofConsumer ? consumerSettings : producerSettings).entrySet()) {
                DionysusConsumer.Builder builder = DionysusConsumer.builder(db.dataSource(),
                        kafka.bootstrapServers(), "settings").onlyTopics(List.of(new ConsumerTopic("t", "t_dlq")));
                if (ofConsumer) {
                    builder.consumerProperty(setting.getKey(), setting.getValue());
                } else {
                    builder.producerProperty(setting.getKey(), setting.getValue());
                }
                IllegalArgumentException error = assertThrows(IllegalArgumentException.class, builder::build,
                        setting.toString());
                assertTrue(error.getMessage().contains(setting.getKey()), error.getMessage());
            }
        }

        // a broker name that does not resolve yet is left to the clients' first connection
        DionysusConsumer.builder(db.dataSource(), "kafka.invalid:9092", "later")
                .onlyTopics(List.of(new ConsumerTopic("t", "t_dlq"))).build().close();

        // topic names Kafka refuses: <247 characters>_dlq is 251 long
        String longTopic = "t".repeat(247);
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> DionysusConsumer.builder(db.dataSource(), kafka.bootstrapServers(), "names")
                        .onlyTopics(List.of()).topic(longTopic).build());
        assertTrue(tooLong.getMessage().contains(longTopic + "_dlq") && tooLong.getMessage().contains("251"),
                tooLong.getMessage());
        IllegalArgumentException illegal = assertThrows(IllegalArgumentException.class,
                () -> DionysusConsumer.builder(db.dataSource(), kafka.bootstrapServers(), "names")
                        .onlyTopics(List.of(new ConsumerTopic("fine", "not fine!"))).build());
        assertTrue(illegal.getMessage().contains("not fine!"), illegal.getMessage());
    }

    /** Not JSON, of the given size. */
    private static byte[] malformed(int size) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        value[0] = '{';
        return value;
    }

    private static byte[] good(long id) {
        return utf8("{\"message\":[{\"event\":\"rental_created\",\"model_name\":\"Rental\",\"data\":[{\"id\":" + id
                + ",\"name\":\"Good " + id + "\",\"links\":{}}]}]}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
