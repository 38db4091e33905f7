package io.dionysus.runtime.outbox;

import io.dionysus.runtime.spi.DionysusRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
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

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String COLUMNS = "id, resource_class, resource_id, event_name, topic, partition_key,"
            + " message_key, payload, attempts, created_at";
    private static final String CLAIM = "SELECT " + COLUMNS + " FROM " + Outbox.TABLE
            + " WHERE published_at IS NULL AND (retry_at IS NULL OR retry_at <= ?) AND (? OR created_at <= ?)"
            + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String EARLIER = "SELECT id, topic, partition_key, message_key, retry_at FROM " + Outbox.TABLE
            + " WHERE published_at IS NULL AND id < ?";
    /** Held behind a row another relay has claimed: left untouched, claimed again next iteration. */
    private static final Instant IN_FLIGHT = Instant.MIN;
    private static final String MARK_FAILED = "UPDATE " + Outbox.TABLE + " SET attempts = attempts + 1,"
            + " failed_at = ?, retry_at = ?, error_class = ?, error_message = ?, updated_at = ? WHERE id = ?";
    private static final String HOLD_BACK = "UPDATE " + Outbox.TABLE + " SET retry_at = ?, updated_at = ? WHERE id = ?";
    private static final int MAX_IDS_PER_UPDATE = 500;

    private final DataSource dataSource;
    private final Map<String, Object> producerConfig;
    private final int batchSize;
    private final Duration idleSleep;
    private final Duration errorSleep;
    private final Duration backoffBase;
    private final Duration backoffCap;
    private final Duration publishingDelay;
    private final OutboxRelayListener listener;
    private final Clock clock;
    private final Set<String> rubyPartitionedTopics;
    private final Object sleeper = new Object();

    private Producer<String, byte[]> producer;
    private Thread thread;
    private volatile boolean running;

    private OutboxRelay(Builder builder) {
        this.dataSource = builder.dataSource;
        this.producerConfig = Map.copyOf(builder.producerConfig);
        this.batchSize = builder.batchSize;
        this.idleSleep = builder.idleSleep;
        this.errorSleep = builder.errorSleep;
        this.backoffBase = builder.backoffBase;
        this.backoffCap = builder.backoffCap;
        this.publishingDelay = builder.publishingDelay;
        this.listener = builder.listener;
        this.clock = builder.clock;
        this.rubyPartitionedTopics = Set.copyOf(builder.rubyPartitionedTopics);
    }

    /** A relay reading {@code dionysus_outboxes} from a data source and sending to the given brokers. */
    public static Builder builder(DataSource dataSource, String bootstrapServers) {
        return new Builder(dataSource, bootstrapServers);
    }

    /** What one iteration did. */
    public record BatchResult(int claimed, int published, int failed, int heldBack) {
        static final BatchResult EMPTY = new BatchResult(0, 0, 0, 0);
    }

    /**
     * Runs one iteration in the calling thread: claim, send, wait for acknowledgements, mark, commit. Listener
     * events for the rows fire after the commit.
     *
     * @throws OutboxException when the database fails; nothing was marked then
     */
    public synchronized BatchResult publishBatch() {
        Instant now = clock.instant();
        Outcome outcome;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                outcome = publishBatch(connection, now);
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
        outcome.published.forEach(record -> tell("published", () -> listener.published(record)));
        outcome.failed.forEach(failure -> tell("publishing_failed",
                () -> listener.publishingFailed(failure.record, failure.error)));
        return outcome.result;
    }

    /**
     * Publishes until no due row is left or the timeout passed; returns how many rows were published. Rows waiting
     * for a retry are not waited for. For demos, tests and one-shot jobs; services use {@link #start()}.
     */
    public int publishPending(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int published = 0;
        while (System.nanoTime() < deadline) {
            BatchResult result = publishBatch();
            published += result.published();
            if (result.claimed() == 0 || result.published() == 0) {
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
                this.running = false;
                tell("shutting_down", listener::shuttingDown);
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
            closeProducer();
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

    private Outcome publishBatch(Connection connection, Instant now) throws SQLException {
        Timestamps timestamps = Timestamps.of(connection);
        List<OutboxRecord> claimed = claim(connection, timestamps, now);
        if (claimed.isEmpty()) {
            return new Outcome(BatchResult.EMPTY, List.of(), List.of());
        }
        Map<String, Instant> heldKeys = heldKeys(connection, timestamps, now, claimed);
        Map<Long, Instant> holdBack = new LinkedHashMap<>();
        List<Send> sends = new ArrayList<>(claimed.size());
        int inFlightElsewhere = 0;
        for (OutboxRecord record : claimed) {
            Instant heldUntil = heldKeys.get(record.orderingKey());
            if (heldUntil == IN_FLIGHT) {
                inFlightElsewhere++;
            } else if (heldUntil != null) {
                holdBack.put(record.id(), heldUntil);
            } else {
                sends.add(new Send(record));
            }
        }
        send(sends);

        Map<String, Instant> failedKeys = new HashMap<>();
        List<OutboxRecord> published = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (Send send : sends) {
            String key = send.record.orderingKey();
            Instant blockedUntil = failedKeys.get(key);
            if (blockedUntil != null) {
                // an earlier row of this key failed: this one must follow it, even if the broker took it already
                holdBack.put(send.record.id(), blockedUntil);
            } else if (send.error != null) {
                Instant retryAt = now.plus(backoff(send.record.attempts() + 1));
                failedKeys.put(key, retryAt);
                failed.add(new Failure(send.record, send.error, retryAt));
            } else if (send.attempted) {
                published.add(send.record);
            }
        }
        if (!failed.isEmpty()) {
            // a failed idempotent producer may be left in a state it cannot leave: start the next batch afresh
            closeProducer();
        }
        markPublished(connection, timestamps, published, now);
        markFailed(connection, timestamps, failed, now);
        markHeldBack(connection, timestamps, holdBack, now);
        BatchResult result = new BatchResult(claimed.size(), published.size(), failed.size(),
                holdBack.size() + inFlightElsewhere);
        LOG.debug("outbox relay batch {}", result);
        return new Outcome(result, published, failed);
    }

    private void send(List<Send> sends) {
        if (sends.isEmpty()) {
            return;
        }
        Producer<String, byte[]> kafka;
        try {
            kafka = producer();
        } catch (RuntimeException e) {
            sends.get(0).fail(e);
            return;
        }
        for (Send send : sends) {
            OutboxRecord record = send.record;
            try {
                Integer partition = partition(kafka, record);
                RecordHeaders headers = new RecordHeaders();
                headers.add(OUTBOX_ID_HEADER, Long.toString(record.id()).getBytes(StandardCharsets.US_ASCII));
                byte[] value = record.payload() == null ? null : record.payload().getBytes(StandardCharsets.UTF_8);
                send.future = kafka.send(new ProducerRecord<>(record.topic(), partition, record.messageKey(), value,
                        headers));
                send.attempted = true;
            } catch (RuntimeException e) {
                // typically metadata not available in max.block.ms: the rest of the batch would wait as long, so it
                // stays unsent and untouched until the next iteration
                send.fail(e);
                break;
            }
        }
        for (Send send : sends) {
            if (send.future == null) {
                continue;
            }
            try {
                send.future.get();
            } catch (ExecutionException e) {
                send.error = e.getCause() != null ? e.getCause() : e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send.error = e;
            }
        }
    }

    /**
     * The partition: on topics partitioned like Ruby producers, CRC-32 as librdkafka's {@code consistent_random};
     * otherwise Kafka's default (murmur2) applied to the stored partition key, or left to Kafka (which hashes the
     * message key) when there is none.
     */
    private Integer partition(Producer<String, byte[]> kafka, OutboxRecord record) {
        boolean ruby = rubyPartitionedTopics.contains(record.topic());
        if (record.partitionKey() == null && !ruby) {
            return null;
        }
        int partitions = kafka.partitionsFor(record.topic()).size();
        if (ruby) {
            return record.partitionKey() != null
                    ? RubyPartitioner.partition(record.partitionKey(), partitions)
                    : RubyPartitioner.partitionForMessageKey(record.messageKey(), partitions);
        }
        byte[] key = record.partitionKey().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    Duration backoff(int attempts) {
        int exponent = Math.min(Math.max(attempts - 1, 0), 30);
        Duration delay = backoffBase.multipliedBy(1L << exponent);
        return delay.compareTo(backoffCap) > 0 ? backoffCap : delay;
    }

    private List<OutboxRecord> claim(Connection connection, Timestamps timestamps, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(CLAIM)) {
            select.setObject(1, timestamps.bind(now));
            select.setBoolean(2, publishingDelay.isZero());
            select.setObject(3, timestamps.bind(now.minus(publishingDelay)));
            select.setInt(4, batchSize);
            List<OutboxRecord> records = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    records.add(new OutboxRecord(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                            rows.getString(8), rows.getInt(9), timestamps.read(rows, 10)));
                }
            }
            return records;
        }
    }

    /**
     * The keys whose claimed rows must wait: an unpublished row of the key with a lower id was not claimed by this
     * batch, because it waits for its retry (held until then) or because another relay holds its lock (held while
     * in flight there). Lower ids only: rows after all of ours impose no order on them.
     */
    private Map<String, Instant> heldKeys(Connection connection, Timestamps timestamps, Instant now,
            List<OutboxRecord> claimed)
            throws SQLException {
        Set<Long> ours = new HashSet<>();
        long maxId = Long.MIN_VALUE;
        for (OutboxRecord record : claimed) {
            ours.add(record.id());
            maxId = Math.max(maxId, record.id());
        }
        Map<String, Instant> held = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(EARLIER)) {
            select.setLong(1, maxId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (ours.contains(rows.getLong(1))) {
                        continue;
                    }
                    Instant retryAt = timestamps.read(rows, 5);
                    Instant until = retryAt != null && retryAt.isAfter(now) ? retryAt : IN_FLIGHT;
                    held.merge(OutboxRecord.orderingKey(rows.getString(2), rows.getString(3), rows.getString(4)),
                            until, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        return held;
    }

    private void markPublished(Connection connection, Timestamps timestamps, List<OutboxRecord> published,
            Instant now)
            throws SQLException {
        for (int from = 0; from < published.size(); from += MAX_IDS_PER_UPDATE) {
            List<OutboxRecord> chunk = published.subList(from, Math.min(published.size(), from + MAX_IDS_PER_UPDATE));
            String sql = "UPDATE " + Outbox.TABLE + " SET published_at = ?, updated_at = ?, retry_at = NULL,"
                    + " failed_at = NULL, error_class = NULL, error_message = NULL WHERE id IN ("
                    + chunk.stream().map(r -> "?").collect(Collectors.joining(", ")) + ")";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setObject(1, timestamps.bind(now));
                update.setObject(2, timestamps.bind(now));
                int index = 3;
                for (OutboxRecord record : chunk) {
                    update.setLong(index++, record.id());
                }
                update.executeUpdate();
            }
        }
    }

    private void markFailed(Connection connection, Timestamps timestamps, List<Failure> failed, Instant now)
            throws SQLException {
        if (failed.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(MARK_FAILED)) {
            for (Failure failure : failed) {
                LOG.warn("publishing outbox row {} ({} on {}) failed, attempt {}; retry at {}: {}",
                        failure.record.id(), failure.record.messageKey(), failure.record.topic(),
                        failure.record.attempts() + 1, failure.retryAt, failure.error.toString());
                update.setObject(1, timestamps.bind(now));
                update.setObject(2, timestamps.bind(failure.retryAt));
                update.setString(3, truncate(failure.error.getClass().getName(), 255));
                update.setString(4, String.valueOf(failure.error.getMessage()));
                update.setObject(5, timestamps.bind(now));
                update.setLong(6, failure.record.id());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private void markHeldBack(Connection connection, Timestamps timestamps, Map<Long, Instant> holdBack,
            Instant now) throws SQLException {
        if (holdBack.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(HOLD_BACK)) {
            for (Map.Entry<Long, Instant> held : holdBack.entrySet()) {
                update.setObject(1, timestamps.bind(held.getValue()));
                update.setObject(2, timestamps.bind(now));
                update.setLong(3, held.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(new HashMap<>(producerConfig), new StringSerializer(),
                    new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the Kafka producer failed", e);
            }
            producer = null;
        }
    }


    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    private static final class Send {
        final OutboxRecord record;
        Future<RecordMetadata> future;
        boolean attempted;
        Throwable error;

        Send(OutboxRecord record) {
            this.record = record;
        }

        void fail(Throwable e) {
            attempted = true;
            error = e;
        }
    }

    private record Failure(OutboxRecord record, Throwable error, Instant retryAt) {
    }

    private record Outcome(BatchResult result, List<OutboxRecord> published, List<Failure> failed) {
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
         * {@code enable.idempotence=true} are always applied.
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

        /** Pause after an iteration that failed as a whole (database down). Default 1 s. */
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

        public OutboxRelay build() {
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            return new OutboxRelay(this);
        }
    }
}
