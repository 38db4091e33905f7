package io.dionysus.runtime.consumer;

import io.dionysus.runtime.DionysusModelFactory;
import io.dionysus.runtime.consumer.DeadLetterPublisher.DeadLetter;
import io.dionysus.runtime.consumer.DeadLetterPublisher.DeadLetterFailure;
import io.dionysus.runtime.internal.KafkaSettings;
import io.dionysus.runtime.spi.ConsumerTopic;
import io.dionysus.runtime.spi.DionysusRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop: the gem's Karafka consumers, for synced models.
 *
 * <p>Each polled batch is applied in <b>one database transaction</b>; offsets are committed only after it
 * committed, so a crash re-delivers and re-applying is harmless (upserts by synced id, guarded by timestamps).
 * A message that cannot be applied (malformed JSON, a value of the wrong type, a record without id, a data error
 * of the database) is rolled back to its savepoint and sent to the dead-letter topic, with headers naming the
 * original topic, partition, offset and the error, before the transaction commits; the batch goes on. Any other
 * database failure (an outage) fails the whole batch, which is retried with a capped exponential back-off while
 * the partitions are paused: nothing is skipped or dead-lettered then. A dead letter that is refused for a reason a
 * retry cannot fix (too large, invalid) is sent reduced ({@link DeadLetterPublisher}); one refused for a reason that
 * may pass (the broker unreachable, not authorized) fails the batch like an outage. The listener hears of dead
 * letters, as of applied events, once the batch committed.
 *
 * <p>The dead-letter producer is sized from the consumer's fetch limits: its {@code max.request.size} is the larger
 * of {@code fetch.max.bytes} and {@code max.partition.fetch.bytes} plus room for the dead-letter headers (64 KiB),
 * and its {@code buffer.memory} at least that, unless they are set with {@link Builder#producerProperty}.
 *
 * <pre>{@code
 * try (DionysusConsumer consumer = DionysusConsumer.builder(dataSource, "localhost:9092", "my_service").build()) {
 *     consumer.start();
 *     ...
 * }
 * }</pre>
 */
public final class DionysusConsumer implements AutoCloseable {

    /** Header: the topic a dead-lettered message came from. */
    public static final String ORIGINAL_TOPIC_HEADER = "dionysus-original-topic";
    /** Header: its partition. */
    public static final String ORIGINAL_PARTITION_HEADER = "dionysus-original-partition";
    /** Header: its offset. */
    public static final String ORIGINAL_OFFSET_HEADER = "dionysus-original-offset";
    /** Header: the class of the error that stopped it. */
    public static final String ERROR_CLASS_HEADER = "dionysus-error-class";
    /** Header: the error's message (its first 4,000 characters, and how many more there were). */
    public static final String ERROR_MESSAGE_HEADER = "dionysus-error-message";
    /**
     * Header of a reduced dead letter: why the full one was refused (e.g. too large for the dead-letter topic). A
     * reduced dead letter carries only the {@code dionysus-*} headers, and its value is cut (possibly to nothing).
     */
    public static final String REDUCED_HEADER = "dionysus-dead-letter-reduced";
    /** Header of a reduced dead letter: the original value's size in bytes. */
    public static final String ORIGINAL_SIZE_HEADER = "dionysus-original-size";
    /** Room for the dead-letter headers on top of the largest record the consumer fetches. */
    static final int DEAD_LETTER_HEADROOM_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DionysusConsumer.class);

    private final DataSource dataSource;
    private final Map<String, String> deadLetterTopics;
    private final MessageApplier applier;
    private final ConsumerListener listener;
    private final Map<String, Object> consumerConfig;
    private final DeadLetterPublisher deadLetters;
    private final Duration pollTimeout;
    private final Duration retryBase;
    private final Duration retryCap;
    private final Object lock = new Object();

    private volatile boolean running;
    private final Clock clock;
    private volatile Status status = new Status(false, Set.of(), null, 0);
    private Thread thread;
    private KafkaConsumer<String, byte[]> consumer;

    private DionysusConsumer(Builder builder, Map<String, Object> producerConfig) {
        this.dataSource = builder.dataSource;
        this.deadLetterTopics = new LinkedHashMap<>(builder.topics);
        this.applier = new MessageApplier(builder.factories, builder.filters, builder.clock, this::notifyError);
        this.clock = builder.clock;
        this.listener = builder.listener;
        this.pollTimeout = builder.pollTimeout;
        this.retryBase = builder.retryBase;
        this.retryCap = builder.retryCap;
        this.consumerConfig = new HashMap<>(builder.consumerConfig);
        this.deadLetters = new DeadLetterPublisher(producerConfig);
    }

    /**
     * A consumer in group {@code dionysus_consumer_group_for_<clientId>}, reading the topics and synced models of
     * every generated registry on the class path (change them on the builder).
     */
    public static Builder builder(DataSource dataSource, String bootstrapServers, String clientId) {
        return new Builder(dataSource, bootstrapServers, clientId);
    }

    /** The topics this consumer reads, each with its dead-letter topic. */
    public Map<String, String> topics() {
        return Map.copyOf(deadLetterTopics);
    }

    /** Starts the loop on a background thread. */
    public void start() {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("consumer already started");
            }
            if (deadLetterTopics.isEmpty()) {
                throw new IllegalStateException("no topics to consume: declare @DionysusConsumerTopic or add topics"
                        + " on the builder");
            }
            deadLetters.start();
            try {
                consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
            } catch (RuntimeException e) {
                deadLetters.close();
                throw e;
            }
            consumer.subscribe(List.copyOf(deadLetterTopics.keySet()));
            running = true;
            thread = new Thread(this::run, "dionysus-consumer");
            thread.start();
        }
    }

    /**
     * What the loop last saw, for health checks and metrics: whether it runs, the partitions assigned to it, when it
     * last polled (also while it waits out a failed batch) and its lag (records behind the end of its partitions).
     *
     * @param running whether the loop runs
     * @param assignment the partitions assigned to this member
     * @param lastPoll the end of the last poll, or {@code null} before the first
     * @param lag records between the position and the end of the assigned partitions, as the client knows them
     */
    public record Status(boolean running, Set<TopicPartition> assignment, java.time.Instant lastPoll, long lag) {
    }

    /** The loop's latest {@link Status}; safe from any thread. */
    public Status status() {
        Status last = status;
        return last.running() == running ? last : new Status(running, last.assignment(), last.lastPoll(), last.lag());
    }

    /** Records what the poll just saw (on the loop's thread, the only one touching the Kafka consumer). */
    private void observe() {
        Set<TopicPartition> assigned = consumer.assignment();
        long lag = 0;
        for (TopicPartition partition : assigned) {
            java.util.OptionalLong behind = consumer.currentLag(partition);
            if (behind.isPresent()) {
                lag += behind.getAsLong();
            }
        }
        status = new Status(running, Set.copyOf(assigned), clock.instant(), lag);
    }

    /** Stops after the batch in progress (its transaction and offsets complete), then closes the clients. */
    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            this.running = false;
            running = thread;
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(pollTimeout);
                } catch (WakeupException e) {
                    break;
                }
                observe();
                if (!records.isEmpty()) {
                    processWithRetry(records);
                }
            }
        } catch (WakeupException e) {
            LOG.debug("consumer woken up to stop");
        } catch (RuntimeException e) {
            LOG.error("Dionysus consumer stopped by an unexpected error", e);
            notifyError(e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } finally {
                deadLetters.close();
            }
        }
    }

    private void processWithRetry(ConsumerRecords<String, byte[]> records) {
        Duration delay = retryBase;
        boolean paused = false;
        try {
            while (true) {
                try {
                    process(records);
                    return;
                } catch (SQLException | DeadLetterFailure e) {
                    if (!running) {
                        return; // stopping: the batch was not committed and will be re-delivered
                    }
                    LOG.warn("applying a batch of {} messages failed; retrying in {} ms", records.count(),
                            delay.toMillis(), e);
                    notifyError(e);
                    if (!paused) {
                        consumer.pause(consumer.assignment());
                        paused = true;
                    }
                    sleepPolling(delay);
                    records = stillAssigned(records);
                    if (records.isEmpty()) {
                        return; // every partition of the batch moved to another member, which re-reads it
                    }
                    delay = delay.multipliedBy(2).compareTo(retryCap) > 0 ? retryCap : delay.multipliedBy(2);
                }
            }
        } finally {
            if (paused) {
                consumer.resume(consumer.paused());
            }
        }
    }

    /**
     * The batch without the partitions a rebalance gave to another member while it waited: their new owner re-reads
     * them from the last commit, and applying them here as well would only repeat its work.
     */
    private ConsumerRecords<String, byte[]> stillAssigned(ConsumerRecords<String, byte[]> records) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.containsAll(records.partitions())) {
            return records;
        }
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> kept = new LinkedHashMap<>();
        for (TopicPartition partition : records.partitions()) {
            if (assigned.contains(partition)) {
                kept.put(partition, records.records(partition));
            }
        }
        LOG.info("a rebalance moved {} of the waiting batch's partitions to another member",
                records.partitions().size() - kept.size());
        return new ConsumerRecords<>(kept, Map.of());
    }

    /**
     * Waits while keeping the group membership alive: paused partitions return no records. A partition assigned
     * by a rebalance meanwhile is not paused yet; whatever it returns is rewound and the partition paused, so
     * nothing is skipped.
     */
    private void sleepPolling(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        while (running && System.nanoTime() < deadline) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            ConsumerRecords<String, byte[]> unexpected = consumer.poll(Duration.ofMillis(Math.min(left, 100)));
            observe();
            if (!unexpected.isEmpty()) {
                for (TopicPartition partition : unexpected.partitions()) {
                    consumer.seek(partition, unexpected.records(partition).get(0).offset());
                }
                consumer.pause(unexpected.partitions());
            }
        }
    }

    private void process(ConsumerRecords<String, byte[]> records) throws SQLException, DeadLetterFailure {
        long started = System.nanoTime();
        List<ConsumedEvent> events = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        Map<String, Integer> applied = new HashMap<>();
        Map<String, Integer> skipped = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> appliedRecords = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (ConsumerRecord<String, byte[]> record : records) {
                    Savepoint savepoint = connection.setSavepoint();
                    try {
                        List<ConsumedEvent> recordEvents = applier.apply(connection, record.topic(), record.value());
                        events.addAll(recordEvents);
                        if (recordEvents.stream().allMatch(event -> event.localChanges().isEmpty())) {
                            // a tombstone, an event or model not kept here, a filtered or stale record
                            skipped.merge(record.topic(), 1, Integer::sum);
                        } else {
                            applied.merge(record.topic(), 1, Integer::sum);
                            appliedRecords.add(record);
                        }
                    } catch (SQLException e) {
                        if (!isDataError(e)) {
                            throw e;
                        }
                        connection.rollback(savepoint);
                        letters.add(deadLetter(record, e));
                    } catch (RuntimeException e) {
                        connection.rollback(savepoint);
                        letters.add(deadLetter(record, e));
                    }
                }
                deadLetters.publish(letters);
                connection.commit();
            } catch (SQLException | DeadLetterFailure | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
        commitOffsets(records);
        notifyListener(events, letters);
        notifyBatch(records.count(), Duration.ofNanos(System.nanoTime() - started), applied, skipped, letters,
                appliedRecords);
    }

    private void notifyBatch(int count, Duration duration, Map<String, Integer> applied, Map<String, Integer> skipped,
            List<DeadLetter> letters, List<ConsumerRecord<String, byte[]>> appliedRecords) {
        Map<String, Integer> deadLettered = new HashMap<>();
        letters.forEach(letter -> deadLettered.merge(letter.record().topic(), 1, Integer::sum));
        java.time.Instant now = clock.instant();
        List<Duration> latencies = new ArrayList<>(appliedRecords.size());
        for (ConsumerRecord<String, byte[]> record : appliedRecords) {
            java.time.Instant committed = committedAt(record);
            if (committed != null && !committed.isAfter(now)) {
                latencies.add(Duration.between(committed, now));
            }
        }
        try {
            listener.batchCompleted(new ConsumerBatch(count, duration, Map.copyOf(applied), Map.copyOf(skipped),
                    Map.copyOf(deadLettered), List.copyOf(latencies)));
        } catch (RuntimeException e) {
            LOG.warn("consumer listener failed", e);
        }
    }

    /** When the record's outbox row was written: the relay's header, else the Kafka record timestamp. */
    private static java.time.Instant committedAt(ConsumerRecord<String, byte[]> record) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(
                io.dionysus.runtime.outbox.OutboxRelay.CREATED_AT_HEADER);
        if (header != null) {
            try {
                return java.time.Instant.parse(new String(header.value(), java.nio.charset.StandardCharsets.US_ASCII));
            } catch (java.time.format.DateTimeParseException e) {
                LOG.debug("unreadable {} header", io.dionysus.runtime.outbox.OutboxRelay.CREATED_AT_HEADER);
            }
        }
        return record.timestamp() >= 0 ? java.time.Instant.ofEpochMilli(record.timestamp()) : null;
    }

    /** SQL states of class 22 (data exception) and 23 (integrity constraint violation): this message's fault. */
    private static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private DeadLetter deadLetter(ConsumerRecord<String, byte[]> record, Exception error) {
        return new DeadLetter(record, deadLetterTopics.getOrDefault(record.topic(), record.topic() + "_dlq"), error);
    }

    private void commitOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException e) {
            // the partitions moved to another member, which re-reads from the last commit; applying twice is safe
            LOG.warn("offset commit failed after a rebalance; the new owner re-applies these messages", e);
        } catch (WakeupException | InterruptException e) {
            throw e; // stopping
        } catch (KafkaException e) {
            // e.g. the coordinator unreachable for longer than default.api.timeout.ms: the database has the changes,
            // the position in memory moves on, and a later commit covers these offsets; until then a restart or a
            // rebalance re-applies them, which changes nothing
            LOG.warn("offset commit failed; a later commit covers these messages: {}", e.toString());
        }
    }

    /** A listener that throws is logged; it never stops the consumer. */
    private void notifyError(Throwable error) {
        try {
            listener.error(error);
        } catch (RuntimeException e) {
            LOG.warn("consumer listener failed", e);
        }
    }

    /** After the batch committed: its dead letters, then its events. A listener that throws is logged. */
    private void notifyListener(List<ConsumedEvent> events, List<DeadLetter> letters) {
        for (DeadLetter letter : letters) {
            try {
                listener.deadLettered(letter.record(), letter.topic(), letter.error());
            } catch (RuntimeException e) {
                LOG.warn("consumer listener failed", e);
            }
        }
        try {
            listener.consumeBatch(events);
            events.forEach(listener::consume);
        } catch (RuntimeException e) {
            LOG.warn("consumer listener failed", e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    /** Configures a {@link DionysusConsumer}. */
    public static final class Builder {
        private final DataSource dataSource;
        private final Map<String, String> topics = new LinkedHashMap<>();
        private final List<DionysusModelFactory<?>> factories = new ArrayList<>();
        private final List<MessageFilter> filters = new ArrayList<>();
        private final Map<String, Object> consumerConfig = new HashMap<>();
        private final Map<String, Object> producerConfig = new HashMap<>();
        private ConsumerListener listener = ConsumerListener.NONE;
        private Duration pollTimeout = Duration.ofMillis(200);
        private Duration retryBase = Duration.ofMillis(500);
        private Duration retryCap = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource, String bootstrapServers, String clientId) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "dionysus_consumer_group_for_" + clientId);
            consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
            consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-dead-letters");
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            for (DionysusRegistry registry : ServiceLoader.load(DionysusRegistry.class,
                    DionysusConsumer.class.getClassLoader())) {
                registry.consumerTopics().forEach(t -> topics.put(t.topic(), t.deadLetterTopic()));
                factories.addAll(registry.modelFactories());
            }
        }

        /** Also reads a topic; its dead-letter topic is {@code <topic>_dlq}. */
        public Builder topic(String topic) {
            return topic(new ConsumerTopic(topic, topic + "_dlq"));
        }

        /** Also reads a topic, with its dead-letter topic. */
        public Builder topic(ConsumerTopic topic) {
            topics.put(topic.topic(), topic.deadLetterTopic());
            return this;
        }

        /** Reads only the given topics, instead of those of the registries. */
        public Builder onlyTopics(List<ConsumerTopic> only) {
            topics.clear();
            only.forEach(this::topic);
            return this;
        }

        /** Also applies records of this factory's model (registries' factories are included already). */
        public Builder factory(DionysusModelFactory<?> factory) {
            factories.add(factory);
            return this;
        }

        /** Adds a filter skipping events before they are applied (the gem's {@code message_filters}). Default: none. */
        public Builder messageFilter(MessageFilter filter) {
            filters.add(Objects.requireNonNull(filter));
            return this;
        }

        /** The consumer group id. Default {@code dionysus_consumer_group_for_<clientId>}, as the gem. */
        public Builder groupId(String groupId) {
            consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            return this;
        }

        /**
         * Any Kafka consumer setting, e.g. {@code max.poll.records}. Auto-commit stays off; {@link #build()} rejects
         * settings the client rejects.
         */
        public Builder consumerProperty(String name, Object value) {
            consumerConfig.put(name, value);
            return this;
        }

        /**
         * Any setting of the dead-letter producer; {@link #build()} rejects settings the client rejects (with
         * {@code acks=all} and idempotence on by default, e.g. {@code retries=0}). Default {@code max.request.size}
         * and {@code buffer.memory}: sized from the consumer's fetch limits (see the class).
         */
        public Builder producerProperty(String name, Object value) {
            producerConfig.put(name, value);
            return this;
        }

        /** The after-hooks. Default: none. */
        public Builder listener(ConsumerListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** How long one poll waits for records. Default 200 ms. */
        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = Objects.requireNonNull(pollTimeout);
            return this;
        }

        /** Retry delays of a failed batch: doubling from {@code base}, at most {@code cap}. Default 500 ms, 30 s. */
        public Builder retry(Duration base, Duration cap) {
            this.retryBase = Objects.requireNonNull(base);
            this.retryCap = Objects.requireNonNull(cap);
            return this;
        }

        /** The clock giving the cancel time of destroyed records without timestamps. Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * The consumer, not started. The consumer's and the dead-letter producer's settings are checked here as the
         * Kafka clients check them when they start.
         *
         * @throws IllegalArgumentException naming the property, when a setting cannot work
         */
        public DionysusConsumer build() {
            consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            KafkaSettings.checkConsumer(consumerConfig, "the consumer's settings", "enable.auto.commit=false is forced");
            Map<String, Object> deadLetterConfig = new HashMap<>(producerConfig);
            long largest = largestFetch(consumerConfig) + DEAD_LETTER_HEADROOM_BYTES;
            int maxRequest = (int) Math.min(Integer.MAX_VALUE, largest);
            deadLetterConfig.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequest);
            deadLetterConfig.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L * 1024 * 1024, largest));
            KafkaSettings.checkProducer(deadLetterConfig, "the dead-letter producer's settings", "");
            return new DionysusConsumer(this, deadLetterConfig);
        }

        /** The largest record batch a fetch asks for: {@code fetch.max.bytes} or {@code max.partition.fetch.bytes}. */
        private static long largestFetch(Map<String, Object> consumerConfig) {
            Map<String, Object> config = new HashMap<>(consumerConfig);
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            ConsumerConfig parsed = new ConsumerConfig(config);
            return Math.max(parsed.getInt(ConsumerConfig.FETCH_MAX_BYTES_CONFIG),
                    parsed.getInt(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG));
        }
    }
}
