package io.dionysus.example.consumer;

import io.dionysus.runtime.consumer.ConsumedEvent;
import io.dionysus.runtime.consumer.ConsumerListener;
import io.dionysus.runtime.consumer.DionysusConsumer;
import io.dionysus.runtime.consumer.MessageFilter;
import io.dionysus.runtime.spi.ConsumerTopic;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** A real consumer on a fresh topic and database, with the test models' tables, and ways to wait for it. */
final class ConsumerHarness implements AutoCloseable {

    final TestDatabase db;
    final TestKafka kafka;
    final String topic;
    final String clientId;
    final List<ConsumedEvent> events = new CopyOnWriteArrayList<>();
    final List<Throwable> batchErrors = new CopyOnWriteArrayList<>();
    /** The records the listener heard were dead-lettered, by offset. */
    final List<Long> deadLettered = new CopyOnWriteArrayList<>();
    /** The same, as {@code <topic>@<offset>}. */
    final List<String> deadLetteredAt = new CopyOnWriteArrayList<>();
    /** Topics read besides {@link #topic} (one partition each), with their dead-letter topics. */
    final List<String> otherTopics = new CopyOnWriteArrayList<>();
    final int partitions;
    /** Makes the listener throw after recording each event, as a buggy application listener would. */
    volatile boolean listenerThrows;
    private final Clock clock;
    private DionysusConsumer consumer;

    ConsumerHarness(TestDatabase db, TestKafka kafka, String prefix, Clock clock) {
        this(db, kafka, prefix, clock, 1);
    }

    ConsumerHarness(TestDatabase db, TestKafka kafka, String prefix, Clock clock, int partitions) {
        this(db, kafka, prefix, clock, partitions, Map.of(), true);
    }

    /**
     * @param topicConfigs configs of the topic and its dead-letter topic, e.g. a raised {@code max.message.bytes}
     * @param createTables false for a second consumer on a database whose tables another harness made
     */
    ConsumerHarness(TestDatabase db, TestKafka kafka, String prefix, Clock clock, int partitions,
            Map<String, String> topicConfigs, boolean createTables) {
        this(db, kafka, prefix, clock, partitions, topicConfigs, topicConfigs, createTables);
    }

    /**
     * As above, with the dead-letter topic's own configs, e.g. {@code cleanup.policy=compact}; {@code null} leaves it
     * uncreated (on a broker that does not create topics, it is missing).
     */
    ConsumerHarness(TestDatabase db, TestKafka kafka, String prefix, Clock clock, int partitions,
            Map<String, String> topicConfigs, Map<String, String> deadLetterConfigs, boolean createTables) {
        this.db = db;
        this.kafka = kafka;
        this.clock = clock;
        this.partitions = partitions;
        this.topic = TestKafka.uniqueTopic(prefix);
        this.clientId = "test_" + topic;
        kafka.createTopic(topic, partitions, topicConfigs);
        // created ahead, so the dead-letter producer never races a topic being auto-created (KAFKA-14359)
        if (deadLetterConfigs != null) {
            kafka.createTopic(topic + "_dlq", 1, deadLetterConfigs);
        }
        if (createTables) {
            db.execute(Rental.DDL, Rental.LOG_DDL, Booking.DDL, Client.DDL, RentalsFee.DDL, ExampleResource.DDL);
            // the main models' tables too: their factories are on the class path (the synced Account is sideloadable)
            db.execute(ConsumerApplication.DDL[1]);
        }
    }

    private final List<MessageFilter> filters = new CopyOnWriteArrayList<>();
    private final Map<String, Object> consumerProperties = new HashMap<>();
    private final Map<String, Object> producerProperties = new HashMap<>();

    /** A setting of the dead-letter producer. */
    ConsumerHarness producerProperty(String name, Object value) {
        producerProperties.put(name, value);
        return this;
    }

    ConsumerHarness consumerProperty(String name, Object value) {
        consumerProperties.put(name, value);
        return this;
    }

    /** Also reads {@code other} (made here, one partition), whose dead letters go to {@code <other>_dlq}. */
    ConsumerHarness alsoConsume(String other) {
        kafka.createTopic(other, 1);
        otherTopics.add(other);
        return this;
    }

    ConsumerHarness filter(MessageFilter filter) {
        filters.add(filter);
        return this;
    }

    ConsumerHarness start() {
        consumer = newMember();
        consumer.start();
        return this;
    }

    /** Another consumer of the same group (started by the caller), to make the group rebalance. */
    DionysusConsumer newMember() {
        return newMember(Map.of());
    }

    /** As {@link #newMember()}, with consumer settings of its own (e.g. {@code group.instance.id}). */
    DionysusConsumer newMember(Map<String, Object> ownProperties) {
        DionysusConsumer.Builder builder = DionysusConsumer.builder(db.dataSource(), kafka.bootstrapServers(), clientId);
        filters.forEach(builder::messageFilter);
        consumerProperties.forEach(builder::consumerProperty);
        producerProperties.forEach(builder::producerProperty);
        ownProperties.forEach(builder::consumerProperty);
        List<ConsumerTopic> topics = new java.util.ArrayList<>();
        topics.add(new ConsumerTopic(topic, topic + "_dlq"));
        otherTopics.forEach(other -> topics.add(new ConsumerTopic(other, other + "_dlq")));
        return builder
                .onlyTopics(topics)
                .retry(Duration.ofMillis(50), Duration.ofMillis(500))
                .clock(clock)
                .listener(new ConsumerListener() {
                    @Override
                    public void consume(ConsumedEvent event) {
                        events.add(event);
                        failIfAsked();
                    }

                    @Override
                    public void deadLettered(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record,
                            String deadLetterTopic, Throwable error) {
                        deadLettered.add(record.offset());
                        deadLetteredAt.add(record.topic() + "@" + record.offset());
                    }

                    @Override
                    public void error(Throwable error) {
                        batchErrors.add(error);
                        failIfAsked();
                    }
                })
                .build();
    }

    private void failIfAsked() {
        if (listenerThrows) {
            throw new IllegalStateException("a listener bug");
        }
    }

    /** The running consumer's status. */
    DionysusConsumer.Status status() {
        return consumer.status();
    }

    void stop() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }

    void send(String key, String value) {
        kafka.send(topic, key, value);
    }

    void sendBytes(String key, byte[] value) {
        kafka.sendBytes(topic, key, value);
    }

    void send(int partition, String key, String value) {
        kafka.send(topic, partition, key, value);
    }

    String groupId() {
        return "dionysus_consumer_group_for_" + clientId;
    }

    /** Waits until the group committed offsets up to the end of every partition: every message sent is applied. */
    void awaitCaughtUp() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        otherTopics.forEach(other -> latest.put(new TopicPartition(other, 0), OffsetSpec.latest()));
        try {
            while (true) {
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        kafka.admin().listOffsets(latest).all().get();
                Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin()
                        .listConsumerGroupOffsets(groupId()).partitionsToOffsetAndMetadata().get();
                boolean caughtUp = ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                        || committed.get(end.getKey()) != null
                        && committed.get(end.getKey()).offset() >= end.getValue().offset());
                if (caughtUp) {
                    awaitListenersOfCommittedBatch(deadline);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("consumer did not catch up: committed " + committed + ", ends " + ends);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The listeners of a batch run just after its offset commit, on the loop's thread: waits for the loop's next poll
     * to end (a new {@link DionysusConsumer.Status}), which it starts only after they returned. Without this a test
     * could read {@link #events} between the commit it waited for and the listener calls.
     */
    private void awaitListenersOfCommittedBatch(long deadline) throws InterruptedException {
        DionysusConsumer running = consumer;
        if (running == null || !running.status().running()) {
            return;
        }
        DionysusConsumer.Status seen = running.status();
        while (running.status() == seen && running.status().running()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the consumer's loop did not poll again after catching up");
            }
            Thread.sleep(5);
        }
    }

    /** Moves the (stopped) group back to the start of the topic, as if it had crashed before committing. */
    void rewindGroup() {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            offsets.put(new TopicPartition(topic, 0), new OffsetAndMetadata(0));
            kafka.admin().alterConsumerGroupOffsets(groupId(), offsets).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    List<Map<String, Object>> rows(String table) {
        return OutboxRows.query(db.dataSource(), "SELECT * FROM " + table + " ORDER BY synced_id");
    }

    Map<String, Object> row(String table, long syncedId) {
        List<Map<String, Object>> rows = OutboxRows.query(db.dataSource(),
                "SELECT * FROM " + table + " WHERE synced_id = " + syncedId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public void close() {
        stop();
    }
}
