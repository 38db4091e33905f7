package io.dionysus.runtime.outbox;

import io.dionysus.runtime.internal.KafkaSettings;
import io.dionysus.runtime.spi.DionysusRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox rows to Kafka: the gem's outbox worker, without its losses.
 *
 * <p>One iteration ({@link #publishBatch()}) runs in one database transaction: it claims up to {@code batchSize}
 * unpublished rows that are due, in id order, with {@code FOR UPDATE SKIP LOCKED}; sends them with an idempotent
 * producer ({@code acks=all}); waits for every acknowledgement; marks the acknowledged rows published and records
 * failures ({@code attempts}, {@code error_class}, {@code error_message}, {@code failed_at} and {@code retry_at},
 * with an exponential back-off that is capped); then commits. A row is never marked published before the broker
 * acknowledged it, so a crash can only cause a re-send, never a loss.
 *
 * <p><b>Order.</b> Rows with the same topic and partition key (or, without one, the same message key) are published
 * in id order, also across failures: when a row fails, later rows of its key are held back (their
 * {@code retry_at} set to the failed row's) until it went through, even if they were acknowledged in the same
 * batch; those are re-sent after it, so consumers end on the latest state. The gem publishes later rows while a
 * failed one waits, and so loses that order. Several relays may run on one table: rows are claimed with
 * {@code SKIP LOCKED}, and a relay leaves a key's rows alone while an earlier row of the key is claimed by another.
 *
 * <p><b>Topics.</b> A topic whose metadata cannot be had (it does not exist and the brokers do not create topics,
 * or it is denied) costs a batch one wait of at most {@code metadataWait}, however many rows it has: its rows are
 * left for a later batch while the lookup runs (up to {@code max.block.ms}) and fail at once, with the error and a
 * back-off, when it failed; the other topics' rows are sent in the same iteration.
 *
 * <p>The roles: {@link OutboxStore} (the SQL of claiming and marking), {@link OutboxSender} (the producer,
 * partitions, acknowledgements) and {@link TopicMetadata}; this class is the loop and the key-order rules.
 *
 * <pre>{@code
 * try (OutboxRelay relay = OutboxRelay.builder(dataSource, "localhost:9092").build()) {
 *     relay.start();   // a background thread; close() finishes the in-flight batch
 *     ...
 * }
 * }</pre>
 */
public final class OutboxRelay implements AutoCloseable {

    /** Header carrying the outbox row id of every message; consumers never need it. */
    public static final String OUTBOX_ID_HEADER = "dionysus-outbox-id";

    /**
     * Header with the outbox row's {@code created_at} (ISO-8601, written in the business transaction), so consumers
     * can measure commit-to-applied latency. Consumers never need it.
     */
    public static final String CREATED_AT_HEADER = "dionysus-created-at";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    /** How long {@link #publishPending} pauses while rows wait for their topic's metadata. */
    private static final Duration METADATA_POLL = Duration.ofMillis(50);

    private final DataSource dataSource;
    private final int batchSize;
    private final Duration idleSleep;
    private final Duration errorSleep;
    private final Duration backoffBase;
    private final Duration backoffCap;
    private final Duration publishingDelay;
    private final OutboxRelayListener listener;
    private final Clock clock;
    private final OutboxSender sender;
    private final Object sleeper = new Object();

    private Thread thread;
    private volatile boolean running;

    private OutboxRelay(Builder builder, Map<String, Object> producerConfig) {
        this.dataSource = builder.dataSource;
        this.batchSize = builder.batchSize;
        this.idleSleep = builder.idleSleep;
        this.errorSleep = builder.errorSleep;
        this.backoffBase = builder.backoffBase;
        this.backoffCap = builder.backoffCap;
        this.publishingDelay = builder.publishingDelay;
        this.listener = builder.listener;
        this.clock = builder.clock;
        this.sender = new OutboxSender(producerConfig, builder.rubyPartitionedTopics, builder.metadataWait);
    }

    /** A relay reading {@code dionysus_outboxes} from a data source and sending to the given brokers. */
    public static Builder builder(DataSource dataSource, String bootstrapServers) {
        return new Builder(dataSource, bootstrapServers);
    }

    /**
     * What one iteration did.
     *
     * @param claimed rows claimed
     * @param published rows acknowledged by the broker and marked published
     * @param failed rows whose send failed (an attempt counted, a retry time set)
     * @param heldBack rows not sent because an earlier row of their key waits (a failed one, or one another relay
     *     holds)
     * @param waiting rows not sent because their topic's metadata is still being learnt; claimed again next time
     */
    public record BatchResult(int claimed, int published, int failed, int heldBack, int waiting) {
        static final BatchResult EMPTY = new BatchResult(0, 0, 0, 0, 0);

        /** A result with no rows waiting for metadata. */
        public BatchResult(int claimed, int published, int failed, int heldBack) {
            this(claimed, published, failed, heldBack, 0);
        }
    }

    /**
     * Runs one iteration in the calling thread: claim, send, wait for acknowledgements, mark, commit. Listener
     * events for the rows fire after the commit.
     *
     * @throws OutboxException when the database fails; nothing was marked then
     * @throws org.apache.kafka.common.KafkaException when no Kafka producer can be made (a setting the client
     *     rejects only when it starts); no row is charged with it
     */
    public synchronized BatchResult publishBatch() {
        Instant now = clock.instant();
        long started = System.nanoTime();
        Outcome outcome;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                outcome = publishBatch(OutboxStore.on(connection), now);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new OutboxException("outbox relay iteration failed", e);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        BatchResult result = outcome.result;
        tell("batch_completed", () -> listener.batchCompleted(result, duration));
        outcome.published.forEach(record -> tell("published", () -> listener.published(record)));
        outcome.failed.forEach(failure -> tell("publishing_failed",
                () -> listener.publishingFailed(failure.record(), failure.error())));
        return outcome.result;
    }

    /**
     * Publishes until no due row is left or the timeout passed; returns how many rows were published. Rows waiting
     * for a retry are not waited for; rows waiting for their topic's metadata are. For demos, tests and one-shot
     * jobs; services use {@link #start()}.
     */
    public int publishPending(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int published = 0;
        while (System.nanoTime() < deadline) {
            BatchResult result = publishBatch();
            published += result.published();
            if (result.published() == 0 && result.waiting() > 0) {
                sleepQuietly(METADATA_POLL);
            } else if (result.claimed() == 0 || result.published() == 0) {
                break;
            }
        }
        return published;
    }

    /** Starts the relay loop on a background thread: iterate, and sleep {@code idleSleep} when nothing was published. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("relay already started");
        }
        running = true;
        thread = new Thread(this::run, "dionysus-outbox-relay");
        thread.start();
    }

    /** Stops the loop after the in-flight batch, waits for it, and closes the producer. Idempotent. */
    @Override
    public void close() {
        Thread running;
        synchronized (sleeper) {
            running = this.thread;
            if (this.running) {
                // told before the flag falls, so the loop cannot report stopped first
                tell("shutting_down", listener::shuttingDown);
                this.running = false;
            }
            sleeper.notifyAll();
        }
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            sender.close();
        }
    }

    private void run() {
        tell("started", listener::started);
        try {
            while (running) {
                Duration pause = Duration.ZERO;
                try {
                    BatchResult result = publishBatch();
                    if (result.published() == 0) {
                        pause = idleSleep;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("outbox relay iteration failed; retrying in {}", errorSleep, e);
                    tell("error", () -> listener.error(e));
                    pause = errorSleep;
                }
                tell("heartbeat", listener::heartbeat);
                sleep(pause);
            }
        } finally {
            tell("stopped", listener::stopped);
        }
    }

    /** Tells the listener; one that throws is logged, and neither stops the relay nor hides the other events. */
    private static void tell(String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("outbox relay listener failed on {}", event, e);
        }
    }

    private void sleep(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        synchronized (sleeper) {
            if (!running) {
                return;
            }
            try {
                sleeper.wait(Math.max(1, pause.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One iteration on the store: claim, decide which rows may go (the key-order rules), send, and mark. A row is
     * held back when an earlier row of its key is unpublished and not ours (retrying later, or claimed by another
     * relay), or failed in this batch.
     */
    private Outcome publishBatch(OutboxStore store, Instant now) throws SQLException {
        List<OutboxRecord> claimed = store.claim(now, publishingDelay, batchSize);
        if (claimed.isEmpty()) {
            return new Outcome(BatchResult.EMPTY, List.of(), List.of());
        }
        Map<String, Instant> heldKeys = store.heldKeys(now, claimed);
        Map<Long, Instant> holdBack = new LinkedHashMap<>();
        List<OutboxRecord> sends = new ArrayList<>(claimed.size());
        int inFlightElsewhere = 0;
        for (OutboxRecord record : claimed) {
            Instant heldUntil = heldKeys.get(record.orderingKey());
            if (heldUntil == OutboxStore.IN_FLIGHT) {
                inFlightElsewhere++;
            } else if (heldUntil != null) {
                holdBack.put(record.id(), heldUntil);
            } else {
                sends.add(record);
            }
        }
        List<OutboxSender.Outcome> outcomes = sender.send(sends);

        Map<String, Instant> failedKeys = new HashMap<>();
        List<OutboxRecord> published = new ArrayList<>();
        List<OutboxStore.Failure> failed = new ArrayList<>();
        int waiting = 0;
        for (int i = 0; i < sends.size(); i++) {
            OutboxRecord record = sends.get(i);
            OutboxSender.Outcome outcome = outcomes.get(i);
            String key = record.orderingKey();
            Instant blockedUntil = failedKeys.get(key);
            if (blockedUntil != null) {
                // an earlier row of this key failed: this one must follow it, even if the broker took it already
                holdBack.put(record.id(), blockedUntil);
            } else if (outcome instanceof OutboxSender.Failed failure) {
                Instant retryAt = now.plus(backoff(record.attempts() + 1));
                failedKeys.put(key, retryAt);
                failed.add(new OutboxStore.Failure(record, failure.error(), retryAt));
            } else if (outcome instanceof OutboxSender.Acknowledged) {
                published.add(record);
            } else {
                waiting++;
            }
        }
        store.markPublished(published, now);
        store.markFailed(failed, now);
        store.markHeldBack(holdBack, now);
        BatchResult result = new BatchResult(claimed.size(), published.size(), failed.size(),
                holdBack.size() + inFlightElsewhere, waiting);
        LOG.debug("outbox relay batch {}", result);
        return new Outcome(result, published, failed);
    }

    Duration backoff(int attempts) {
        int exponent = Math.min(Math.max(attempts - 1, 0), 30);
        Duration delay = backoffBase.multipliedBy(1L << exponent);
        return delay.compareTo(backoffCap) > 0 ? backoffCap : delay;
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    private record Outcome(BatchResult result, List<OutboxRecord> published, List<OutboxStore.Failure> failed) {
    }

    /** Configures an {@link OutboxRelay}. */
    public static final class Builder {
        private final DataSource dataSource;
        private final Map<String, Object> producerConfig = new HashMap<>();
        private int batchSize = 500;
        private Duration idleSleep = Duration.ofMillis(200);
        private Duration errorSleep = Duration.ofSeconds(1);
        private Duration backoffBase = Duration.ofSeconds(5);
        private Duration backoffCap = Duration.ofMinutes(10);
        private Duration publishingDelay = Duration.ZERO;
        private Duration metadataWait = Duration.ofSeconds(1);
        private OutboxRelayListener listener = OutboxRelayListener.NONE;
        private Clock clock = Clock.systemUTC();
        private final Set<String> rubyPartitionedTopics = new HashSet<>();

        private Builder(DataSource dataSource, String bootstrapServers) {
            for (DionysusRegistry registry : ServiceLoader.load(DionysusRegistry.class,
                    OutboxRelay.class.getClassLoader())) {
                rubyPartitionedTopics.addAll(registry.rubyPartitionedTopics());
            }
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers));
            producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "dionysus-outbox-relay");
            producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        }

        /**
         * Sets a Kafka producer property (e.g. security settings, {@code max.block.ms}). {@code acks=all} and
         * {@code enable.idempotence=true} are always applied; {@link #build()} rejects settings that conflict with
         * them (e.g. {@code retries=0}, {@code max.in.flight.requests.per.connection} above 5) or that the client
         * rejects.
         */
        public Builder producerProperty(String name, Object value) {
            producerConfig.put(name, value);
            return this;
        }

        /** Rows claimed per iteration (the gem's {@code outbox_publishing_batch_size}). Default 500. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be positive");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Pause after an iteration that published nothing (the gem's {@code outbox_worker_sleep_seconds}). Default 200 ms. */
        public Builder idleSleep(Duration idleSleep) {
            this.idleSleep = Objects.requireNonNull(idleSleep);
            return this;
        }

        /** Pause after an iteration that failed as a whole (database down, no producer). Default 1 s. */
        public Builder errorSleep(Duration errorSleep) {
            this.errorSleep = Objects.requireNonNull(errorSleep);
            return this;
        }

        /**
         * Retry delay after a row's n-th failure: {@code base · 2^(n-1)}, at most {@code cap}. Default 5 s and
         * 10 min (the gem uses 5·2^n s without a cap).
         */
        public Builder backoff(Duration base, Duration cap) {
            this.backoffBase = Objects.requireNonNull(base);
            this.backoffCap = Objects.requireNonNull(cap);
            return this;
        }

        /**
         * Publish rows only this long after they were written, as the gem's {@code outbox_worker_publishing_delay}
         * is documented (its code adds the delay instead, which delays nothing): gives an application that also
         * publishes right after its commit the first go. Default zero.
         */
        public Builder publishingDelay(Duration delay) {
            this.publishingDelay = Objects.requireNonNull(delay);
            return this;
        }

        /**
         * The longest one iteration waits, in total, for the metadata of topics it has not learnt yet (the producer
         * looks them up in the background for up to {@code max.block.ms}). Rows of a topic still unknown then are
         * claimed again by a later iteration, which does not wait for that lookup again; the other topics' rows
         * are sent meanwhile. Default 1 s.
         */
        public Builder metadataWait(Duration wait) {
            if (wait.isNegative()) {
                throw new IllegalArgumentException("metadataWait must not be negative");
            }
            this.metadataWait = wait;
            return this;
        }

        /** Hears the relay's events. Default: none. */
        public Builder listener(OutboxRelayListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Topics partitioned as Ruby producers do ({@link RubyPartitioner}). Default: those declared with
         * {@code partitioning = RUBY} in the generated registries on the class path.
         */
        public Builder rubyPartitionedTopics(Collection<String> topics) {
            rubyPartitionedTopics.addAll(topics);
            return this;
        }

        /** The clock for due times and timestamps. Default: the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * The relay, not started. The producer settings are checked here as the Kafka client checks them when it
         * starts, with {@code acks=all} and {@code enable.idempotence=true} applied.
         *
         * @throws IllegalArgumentException naming the property, when the producer settings cannot work
         */
        public OutboxRelay build() {
            Map<String, Object> config = new HashMap<>(producerConfig);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            KafkaSettings.checkProducer(config, "the outbox relay's producer settings",
                    "acks=all and enable.idempotence=true are forced");
            return new OutboxRelay(this, config);
        }
    }
}
