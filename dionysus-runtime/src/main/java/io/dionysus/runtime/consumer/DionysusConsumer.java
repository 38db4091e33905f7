package io.dionysus.runtime.consumer;

import io.dionysus.runtime.DionysusModelFactory;
import io.dionysus.runtime.consumer.DeadLetterPublisher.DeadLetterFailure;
import io.dionysus.runtime.internal.KafkaSettings;
import io.dionysus.runtime.spi.ConsumerTopic;
import io.dionysus.runtime.spi.DionysusRegistry;
import java.sql.SQLException;
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
 * Consecutive messages without sideloads are applied set-based: one locked read per synced table, the decisions in
 * memory in order, JDBC batches to write; a run that fails is rolled back and applied message by message, so that
 * only the failing message is dead-lettered.
 * A record without {@code id} is skipped and reported to {@link ConsumerListener#error}, the message's other
 * records applied (as the gem). A message that cannot be applied (malformed JSON, a value of the wrong type, a data
 * error of the database) is rolled back to its savepoint and sent to the dead-letter topic, with headers naming the
 * original topic, partition, offset and the error, before the transaction commits; the batch goes on. Any other
 * database failure (an outage) fails the whole batch, which is retried with a capped exponential back-off while
 * the partitions are paused: nothing is skipped or dead-lettered then. A dead letter that is refused for a reason a
 * retry cannot fix (too large, invalid) is sent reduced ({@link DeadLetterPublisher}), and if even that is refused
 * so, it is dropped: logged at ERROR with the record's coordinates and told to {@link ConsumerListener#error} as a
 * {@link DeadLetterRefusedException}, and the partition goes on. One refused for a reason that may pass (the broker
 * unreachable, not authorized) fails the batch like an outage; when it is retried, dead letters already acknowledged
 * are not sent again. A record without a key gets {@code <topic>-<partition>-<offset>} as its dead letter's key,
 * which a compacted dead-letter topic requires. The listener hears of dead letters, as of applied events, once the
 * batch committed.
 *
 * <p>When the loop ends for any reason other than {@link #close()} (an error it cannot go on from, such as
 * {@code NoOffsetForPartitionException} with {@code auto.offset.reset=none}, or a dead-letter producer that throws),
 * the error is logged at ERROR and told to the listener, and {@link #status()} says it is not running.
 *
 * <p>The dead-letter producer is sized from the consumer's fetch limits: its {@code max.request.size} is the larger
 * of {@code fetch.max.bytes} and {@code max.partition.fetch.bytes} plus room for the dead-letter headers (64 KiB),
 * and its {@code buffer.memory} at least that, unless they are set with {@link Builder#producerProperty}; its
 * {@code max.block.ms} is 10 s unless set.
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
    /** How long {@link #close()} waits for a batch held up by a dead letter before it abandons the batch. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** The dead-letter producer's {@code max.block.ms} unless set: Kafka's 60 s would hold up a close as long. */
    static final int DEAD_LETTER_MAX_BLOCK_MS = 10_000;
    /** The longest topic name Kafka takes. */
    private static final int MAX_TOPIC_NAME_LENGTH = 249;

    private static final Logger LOG = LoggerFactory.getLogger(DionysusConsumer.class);

    private final Map<String, String> deadLetterTopics;
    private final ConsumerListener listener;
    private final Map<String, Object> consumerConfig;
    private final DeadLetterPublisher deadLetters;
    private final BatchProcessor processor;
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
        this.deadLetterTopics = new LinkedHashMap<>(builder.topics);
        this.clock = builder.clock;
        this.listener = builder.listener;
        this.pollTimeout = builder.pollTimeout;
        this.retryBase = builder.retryBase;
        this.retryCap = builder.retryCap;
        this.consumerConfig = new HashMap<>(builder.consumerConfig);
        this.deadLetters = new DeadLetterPublisher(producerConfig);
        this.processor = new BatchProcessor(builder.dataSource,
                new MessageApplier(builder.factories, builder.filters, builder.clock, this::notifyError),
                deadLetterTopics, deadLetters,
                listener, clock);
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

    /**
     * The loop's latest {@link Status}; safe from any thread. {@code running} is false before {@link #start()},
     * after {@link #close()}, and as soon as the loop ended for any other reason (an error it cannot go on from, e.g.
     * {@code NoOffsetForPartitionException} with {@code auto.offset.reset=none}; logged at ERROR and told to
     * {@link ConsumerListener#error}).
     */
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

    /**
     * Stops after the batch in progress (its transaction and offsets complete), then closes the clients. A batch
     * still waiting for a dead letter {@link #CLOSE_GRACE} after this was called (its topic's metadata, up to the
     * dead-letter producer's {@code max.block.ms}, or its acknowledgement, up to its {@code delivery.timeout.ms}) is
     * abandoned instead: not committed, it is read again on the next start.
     */
    @Override
    public void close() {
        Thread loop;
        synchronized (lock) {
            this.running = false;
            loop = thread;
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        if (loop != null) {
            try {
                loop.join(CLOSE_GRACE.toMillis());
                if (loop.isAlive()) {
                    deadLetters.abort();
                    loop.join();
                }
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
        } catch (RuntimeException | Error e) {
            if (running) {
                LOG.error("the Dionysus consumer stopped: its loop cannot go on from {}", e.toString(), e);
                notifyError(e);
            } else {
                LOG.debug("consumer stopped while closing", e);
            }
        } finally {
            // told before anything else, so that health checks see a loop that ended, for whatever reason
            running = false;
            Status last = status;
            status = new Status(false, last.assignment(), last.lastPoll(), last.lag());
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the Kafka consumer failed", e);
            } finally {
                deadLetters.close();
            }
        }
    }

    private void processWithRetry(ConsumerRecords<String, byte[]> records) {
        Duration delay = retryBase;
        boolean paused = false;
        DeadLetterPublisher.Tries tries = new DeadLetterPublisher.Tries();
        try {
            while (true) {
                try {
                    BatchProcessor.Applied applied = processor.apply(records, tries);
                    commitOffsets(records);
                    processor.notifyCommitted(applied, tries);
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

        /**
         * Also reads a topic; its dead-letter topic is {@code <topic>_dlq}. Names are checked by {@link #build()}.
         */
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
         * Any setting of the dead-letter producer; {@link #build()} rejects {@code transactional.id} and settings the
         * client rejects (with {@code acks=all} and idempotence on by default, e.g. {@code retries=0}). Defaults:
         * {@code acks=all}, {@code enable.idempotence=true}, {@code max.block.ms=10000}, and {@code max.request.size}
         * and {@code buffer.memory} sized from the consumer's fetch limits (see the class).
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
         * The consumer, not started. The topic names are checked, and the consumer's and the dead-letter producer's
         * settings: clients are made with them and closed at once (they connect to nothing), so that every check
         * of the Kafka clients runs here, also those only their constructors make.
         *
         * @throws IllegalArgumentException naming the topic or the property, when a topic name is illegal (empty,
         *     longer than 249 characters, or with characters other than ASCII letters, digits, '.', '_' and '-';
         *     {@code <topic>_dlq} of a 246-character topic is too long) or a setting cannot work (among them a
         *     {@code transactional.id} for the dead-letter producer)
         */
        public DionysusConsumer build() {
            topics.forEach((topic, deadLetterTopic) -> {
                checkTopicName(topic, "topic");
                checkTopicName(deadLetterTopic, "dead-letter topic of " + topic);
            });
            consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            ConsumerConfig consumer = KafkaSettings.checkConsumer(consumerConfig, "the consumer's settings",
                    "enable.auto.commit=false is forced");
            Map<String, Object> deadLetterConfig = new HashMap<>(producerConfig);
            long largest = Math.max(consumer.getInt(ConsumerConfig.FETCH_MAX_BYTES_CONFIG),
                    consumer.getInt(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG)) + DEAD_LETTER_HEADROOM_BYTES;
            int maxRequest = (int) Math.min(Integer.MAX_VALUE, largest);
            deadLetterConfig.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequest);
            deadLetterConfig.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L * 1024 * 1024, largest));
            deadLetterConfig.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, DEAD_LETTER_MAX_BLOCK_MS);
            KafkaSettings.rejectTransactionalId(deadLetterConfig, "the dead-letter producer's settings");
            KafkaSettings.checkProducer(deadLetterConfig, "the dead-letter producer's settings", "");
            return new DionysusConsumer(this, deadLetterConfig);
        }

        /** Kafka's rules for topic names, checked here rather than refused at every send. */
        private static void checkTopicName(String name, String role) {
            String problem = name == null || name.isEmpty() ? "is empty"
                    : name.length() > MAX_TOPIC_NAME_LENGTH ? "is " + name.length() + " characters long, more than "
                            + MAX_TOPIC_NAME_LENGTH
                    : name.equals(".") || name.equals("..") ? "is '.' or '..'"
                    : !name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_'
                            || c == '-')) ? "has characters other than ASCII letters, digits, '.', '_' and '-'"
                    : null;
            if (problem != null) {
                throw new IllegalArgumentException("the " + role + " name " + name + " " + problem
                        + ": Kafka refuses it");
            }
        }
    }
}
