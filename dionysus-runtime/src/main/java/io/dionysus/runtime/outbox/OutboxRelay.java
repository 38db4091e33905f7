package io.dionysus.runtime.outbox;

import io.dionysus.runtime.spi.DionysusRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
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
 * failed one waits, and so loses that order. A row is not sent while an earlier row of its key is known to fail:
 * when a key's first claimed row is a retry ({@code attempts > 0}) it is sent alone, and the key's later rows of the
 * batch are sent in a second send of the iteration once it is acknowledged (or held back again, unsent, when it
 * fails again); a row the producer refuses at once stops its key's later rows of the batch before they are sent. So
 * a row behind a failing one has at most one extra copy on its topic (sent beside that row's first failure), however
 * often that row is retried; keys without a retry cost no extra send. Several relays may run on one table: rows
 * are claimed with {@code SKIP LOCKED}, and a relay leaves a key's rows alone while an earlier row of the key is
 * claimed by another.
 *
 * <p><b>Topics.</b> A topic whose metadata cannot be had (it does not exist and the brokers do not create topics,
 * or it is denied) costs a batch one wait of at most {@code metadataWait}, however many rows it has: while its
 * lookup runs (up to {@code max.block.ms}) its rows are not claimed, so the other topics' rows fill the batches;
 * when the lookup failed, all its unpublished rows are charged at once (one attempt, the error, one retry time of
 * the topic's back-off) and left unclaimed until then.
 *
 * <p><b>Failures that are no row's fault</b> (a producer that cannot be made, a send that throws an
 * {@code IllegalStateException} or {@code IllegalArgumentException} instead of failing its record) fail the
 * iteration ({@code error}, then {@code errorSleep}); no row is charged. Settings that contradict what the relay
 * forces, or that Kafka's client rejects (also those only its constructor checks), fail {@link Builder#build()}.
 *
 * <p><b>Latency.</b> After an iteration that published nothing the loop started by {@link #start()} sleeps
 * adaptively (10 ms doubling up to {@code idleSleep}); a {@link CommitSignal} it listens to ({@link Builder#wakeOn})
 * or {@link #wake()} ends the sleep at once, so rows committed in this JVM are published right after their commit.
 *
 * <p>The roles: {@link BatchPublisher} (one iteration: the key-order rules and marking), {@link OutboxStore} (the SQL
 * of claiming and marking), {@link OutboxSender} (the producer, partitions, acknowledgements), {@link TopicMetadata}
 * and {@link UnavailableTopics}; this class is the loop, its listener and its configuration.
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
    private final Duration idleSleepShortest;
    private final Duration idleSleepLongest;
    private final List<CommitSignal> signals;
    private final List<AutoCloseable> listening = new ArrayList<>();
    private final Duration errorSleep;
    private final OutboxRelayListener listener;
    private final OutboxSender sender;
    private final BatchPublisher batches;
    private final Object sleeper = new Object();

    private Thread thread;
    private volatile boolean running;
    /** The data source's database, detected on the first iteration (guarded by this relay's lock). */
    private Dialect dialect;
    private boolean dialectKnown;
    /** Set by {@link #wake()}; cleared when an iteration starts. Guarded by {@link #sleeper}. */
    private boolean woken;
    /** Whether the loop told {@code started} (guarded by {@link #sleeper}): {@code shuttingDown} comes after it. */
    private boolean startedTold;
    /**
     * Whether {@code shuttingDown} was told: {@link #NOT_ASKED}, {@link #BEING_TOLD} (by the thread that took the
     * turn: the first to close the relay, or the loop when its thread was interrupted) or {@link #TOLD}. Guarded by
     * {@link #sleeper}.
     */
    private int shutdown = NOT_ASKED;
    /** The thread that took the turn to tell {@code shuttingDown} (guarded by {@link #sleeper}). */
    private Thread shutdownTeller;
    /** Whether {@link #close()} was called: {@link #start()} is refused then. Guarded by {@link #sleeper}. */
    private boolean closed;
    private static final int NOT_ASKED = 0;
    private static final int BEING_TOLD = 1;
    private static final int TOLD = 2;

    private OutboxRelay(Builder builder, RelayProducerSettings producer) {
        this.dataSource = builder.dataSource;
        this.idleSleepShortest = builder.idleSleepShortest;
        this.idleSleepLongest = builder.idleSleepLongest;
        this.signals = List.copyOf(builder.signals);
        this.errorSleep = builder.errorSleep;
        this.listener = builder.listener;
        this.sender = new OutboxSender(producer.config(), builder.rubyPartitionedTopics, builder.metadataWait,
                producer.maxBlockMs());
        this.batches = new BatchPublisher(builder.batchSize, builder.publishingDelay, builder.backoffBase,
                builder.backoffCap, builder.clock, sender, builder.asynchronousCommit);
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
     * @param failed rows whose send failed (an attempt counted, a retry time set), and the rows of topics whose
     *     metadata lookup failed, all charged at once (also rows this iteration did not claim)
     * @param heldBack rows not sent because an earlier row of their key waits (a failed one, or one another relay
     *     holds)
     * @param waiting rows not sent because their topic's metadata is still being learnt; claimed again once the
     *     lookup ended
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
     * @throws org.apache.kafka.common.KafkaException when the producer fails for a reason that is no row's fault:
     *     it cannot be made (a setting the client rejects only when it starts), or a send throws instead of
     *     failing its record (an {@code IllegalStateException} or {@code IllegalArgumentException} of a setting
     *     that cannot work). No row is charged with it; rows acknowledged before it are marked published
     */
    public synchronized BatchResult publishBatch() {
        long started = System.nanoTime();
        BatchPublisher.Outcome outcome;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (!dialectKnown) {
                    dialect = Dialect.detect(connection);
                    dialectKnown = true;
                }
                outcome = batches.publish(OutboxStore.on(connection, dialect));
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
        BatchResult result = outcome.result();
        tell("batch_completed", () -> listener.batchCompleted(result, duration));
        outcome.published().forEach(record -> tell("published", () -> listener.published(record)));
        outcome.failed().forEach(failure -> tell("publishing_failed",
                () -> listener.publishingFailed(failure.record(), failure.error())));
        outcome.topicsFailed().forEach(failure -> tell("topic_unavailable",
                () -> listener.topicUnavailable(failure.topic(), failure.rows(), failure.error())));
        if (outcome.producerFailure() != null) {
            RuntimeException failure = outcome.producerFailure();
            throw new KafkaException("the relay's Kafka producer failed, for a reason that is no row's fault (a"
                    + " setting that cannot work?); no row was charged: " + failure, failure);
        }
        return result;
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
            if (result.published() == 0 && (result.waiting() > 0 || batches.lookupsUnderWay())) {
                sleepQuietly(METADATA_POLL);
            } else if (result.claimed() == 0 || result.published() == 0) {
                break;
            }
        }
        return published;
    }

    /**
     * Starts the relay loop on a background thread: iterate at once while rows are published; after an iteration
     * that published nothing, sleep (adaptively, see {@link Builder#idleSleep(Duration, Duration)}) until the pause
     * is over or {@link #wake()} is called. Listens to the {@link Builder#wakeOn commit signals} from now until
     * {@link #close()}.
     *
     * @throws IllegalStateException when the relay was started before, or closed (a closed relay starts no loop
     *     that nobody would stop)
     */
    public synchronized void start() {
        // under the sleeper lock as a whole: a close() racing it finds either no loop and refuses it, or a started
        // thread to wait for
        synchronized (sleeper) {
            if (closed) {
                throw new IllegalStateException("relay closed");
            }
            if (thread != null) {
                throw new IllegalStateException("relay already started");
            }
            running = true;
            for (CommitSignal signal : signals) {
                listening.add(signal.listen(this::wake));
            }
            thread = new Thread(this::run, "dionysus-outbox-relay");
            thread.start();
        }
    }

    /**
     * Ends the running loop's idle sleep now, or, when an iteration is under way, makes the loop run another one right
     * after it instead of sleeping: rows just committed in this JVM are published without waiting for the poll
     * ({@link CommitSignal} calls it). Cheap, never blocks on the database or the broker; does nothing when the loop
     * is not running.
     */
    public void wake() {
        synchronized (sleeper) {
            woken = true;
            sleeper.notifyAll();
        }
    }

    /**
     * Stops the loop after the in-flight batch, waits for it, and closes the producer. Idempotent. The listener's
     * {@code shuttingDown} runs on the calling thread, after {@code started} and before {@code stopped}, and holds
     * up neither {@link #wake()} nor the loop's last batch. Called by a listener on the loop's own thread, it returns
     * at once and the loop stops when the listener returns; so does a call by the {@code shuttingDown} listener (the
     * loop waits for that listener). A {@code shuttingDown} listener that throws an {@link Error} does not keep the
     * relay from stopping: the error is thrown here once the relay is closed. A closed relay is not started again.
     */
    @Override
    public void close() {
        Thread loop;
        boolean tell = false;
        boolean inShuttingDown;
        synchronized (sleeper) {
            loop = this.thread;
            // called by the shuttingDown listener: the loop waits for that listener, so this cannot wait for the loop
            inShuttingDown = shutdown == BEING_TOLD && shutdownTeller == Thread.currentThread();
            if (running && shutdown == NOT_ASKED) {
                shutdown = BEING_TOLD;
                shutdownTeller = Thread.currentThread();
                tell = true;
            }
            running = false;
            closed = true;
            sleeper.notifyAll();
        }
        try {
            if (tell) {
                tellShuttingDown(loop != Thread.currentThread());
            }
        } finally {
            finishClose(loop == Thread.currentThread() || inShuttingDown ? null : loop);
        }
    }

    /**
     * The rest of {@link #close()}: stops listening to the commit signals, waits for the loop (unless {@code null}),
     * closes the producer.
     */
    private void finishClose(Thread loop) {
        synchronized (this) {
            for (AutoCloseable listener : listening) {
                try {
                    listener.close();
                } catch (Exception e) {
                    LOG.debug("closing a commit listener failed", e);
                }
            }
            listening.clear();
        }
        // called by a listener on the loop's own thread (loop is null then): the loop stops when the listener returns
        // (it cannot wait for itself)
        if (loop != null) {
            try {
                loop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            sender.close();
        }
    }

    /**
     * Tells {@code shuttingDown} (the caller took that turn: {@link #BEING_TOLD}); with {@code afterStarted}, not
     * before the loop told {@code started}. Not under {@link #sleeper}: a slow listener holds up no {@link #wake()}.
     */
    private void tellShuttingDown(boolean afterStarted) {
        if (afterStarted) {
            // not given up when interrupted (the order of the events would break): started only lasts as long as its
            // listener
            synchronized (sleeper) {
                awaitUninterruptibly(() -> startedTold);
            }
        }
        try {
            tell("shutting_down", listener::shuttingDown);
        } finally {
            // also when the listener threw an Error: the loop waits for this before it tells stopped and ends
            synchronized (sleeper) {
                shutdown = TOLD;
                sleeper.notifyAll();
            }
        }
    }

    private void run() {
        try {
            tell("started", listener::started);
            synchronized (sleeper) {
                startedTold = true;
                sleeper.notifyAll();
            }
            Duration idle = idleSleepShortest;
            while (running) {
                synchronized (sleeper) {
                    woken = false; // a wake from now on finds this iteration too early: the loop runs another
                }
                Duration pause = Duration.ZERO;
                try {
                    BatchResult result = publishBatch();
                    if (result.published() == 0) {
                        pause = idle;
                        // the next empty iteration sleeps twice as long, up to the longest pause
                        Duration doubled = idle.multipliedBy(2);
                        idle = doubled.compareTo(idleSleepLongest) > 0 ? idleSleepLongest : doubled;
                    } else {
                        idle = idleSleepShortest;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("outbox relay iteration failed; retrying in {}", errorSleep, e);
                    tell("error", () -> listener.error(e));
                    pause = errorSleep;
                }
                tell("heartbeat", listener::heartbeat);
                if (sleep(pause)) {
                    idle = idleSleepShortest;
                }
            }
        } finally {
            // stopped comes after shuttingDown: told here when the loop ended without close() (its thread was
            // interrupted), else awaited from the thread that closes the relay
            boolean tell = false;
            synchronized (sleeper) {
                startedTold = true; // also when started failed with an Error: a closer waits for it
                sleeper.notifyAll();
                if (shutdown == NOT_ASKED) {
                    shutdown = BEING_TOLD;
                    shutdownTeller = Thread.currentThread();
                    tell = true;
                } else {
                    awaitUninterruptibly(() -> shutdown == TOLD);
                }
            }
            try {
                if (tell) {
                    tellShuttingDown(false);
                }
            } finally {
                tell("stopped", listener::stopped);
            }
        }
    }

    /**
     * Waits on {@link #sleeper} (held by the caller) until {@code done}, through interrupts: the steps it waits for
     * last only as long as a listener; an interrupt is kept for the caller.
     */
    private void awaitUninterruptibly(BooleanSupplier done) {
        boolean interrupted = false;
        while (!done.getAsBoolean()) {
            try {
                sleeper.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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

    /** Sleeps up to {@code pause}; returns whether {@link #wake()} ended (or prevented) the sleep. */
    private boolean sleep(Duration pause) {
        synchronized (sleeper) {
            if (Thread.currentThread().isInterrupted()) {
                // interrupted while it did not sleep (rows published, a wake pending): stop as when asleep
                running = false;
                return false;
            }
            if (pause.isZero() || !running) {
                return false;
            }
            if (woken) {
                return true;
            }
            try {
                sleeper.wait(Math.max(1, pause.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            return woken;
        }
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    /** Configures an {@link OutboxRelay}. */
    public static final class Builder {
        private final DataSource dataSource;
        private final Map<String, Object> producerConfig = new HashMap<>();
        private int batchSize = 500;
        private Duration idleSleepShortest = Duration.ofMillis(10);
        private Duration idleSleepLongest = Duration.ofMillis(200);
        private final List<CommitSignal> signals = new ArrayList<>();
        private Duration errorSleep = Duration.ofSeconds(1);
        private Duration backoffBase = Duration.ofSeconds(5);
        private Duration backoffCap = Duration.ofMinutes(10);
        private Duration publishingDelay = Duration.ZERO;
        private boolean asynchronousCommit = true;
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
            // every batch ends with flush(), which sends at once: linger.ms only shapes batches while a flush runs
            producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            // a claimed batch is sent at once: 256 KiB per partition batch (Kafka's default is 16 KiB) lets 500 rows
            // of ~300 bytes go in one request per partition instead of ten
            producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        }

        /**
         * Sets a Kafka producer property (e.g. security settings, {@code max.block.ms}). Defaults:
         * {@code linger.ms=5} (without effect on latency: each batch ends with {@code flush()}),
         * {@code batch.size=262144} (256 KiB; Kafka's default is 16 KiB), {@code max.block.ms=10000},
         * {@code request.timeout.ms=10000}, {@code delivery.timeout.ms=30000}. {@code acks=all} and
         * {@code enable.idempotence=true} are always applied; {@link #build()} rejects settings that contradict them
         * ({@code acks=0} or {@code 1}, {@code enable.idempotence=false}, {@code transactional.id}) or conflict with
         * them (e.g. {@code retries=0}, {@code max.in.flight.requests.per.connection} above 5), and settings the
         * client rejects, also those only its constructor checks (e.g. {@code delivery.timeout.ms} below
         * {@code linger.ms + request.timeout.ms}, an interceptor class that cannot be loaded).
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

        /**
         * The longest pause after iterations that published nothing (the gem's {@code outbox_worker_sleep_seconds}),
         * keeping the shortest at 10 ms (or this, if shorter): see {@link #idleSleep(Duration, Duration)}. Default
         * 200 ms.
         *
         * @throws IllegalArgumentException when not positive (a pause of zero would poll without pause)
         */
        public Builder idleSleep(Duration idleSleep) {
            Objects.requireNonNull(idleSleep);
            return idleSleep(idleSleep.compareTo(Duration.ofMillis(10)) < 0 ? idleSleep : Duration.ofMillis(10),
                    idleSleep);
        }

        /**
         * The adaptive pause after an iteration that published nothing: the first sleeps {@code shortest}, each
         * further one twice as long as the one before, up to {@code longest}; an iteration that publishes, or a
         * {@link OutboxRelay#wake()} (a commit in this JVM, see {@link #wakeOn}), starts again from
         * {@code shortest}. Rows written by other processes wait at most the current pause (plus an iteration).
         * Defaults 10 ms and 200 ms. Equal values give a fixed pause.
         *
         * @throws IllegalArgumentException when {@code shortest} is not positive or exceeds {@code longest}
         */
        public Builder idleSleep(Duration shortest, Duration longest) {
            if (shortest.isNegative() || shortest.isZero() || shortest.compareTo(longest) > 0) {
                throw new IllegalArgumentException("idleSleep: shortest must be positive and at most longest, got "
                        + shortest + " and " + longest);
            }
            this.idleSleepShortest = shortest;
            this.idleSleepLongest = longest;
            return this;
        }

        /**
         * Wakes the running relay whenever {@code signal} says a transaction that wrote rows committed (the gem's
         * {@code publish_after_commit}): usually {@code outbox.commitSignal()} of the {@link Outbox} the application
         * writes through. The Spring starter wires it. The relay listens from {@link OutboxRelay#start()} to
         * {@link OutboxRelay#close()}. Default: none (the relay polls).
         */
        public Builder wakeOn(CommitSignal signal) {
            signals.add(Objects.requireNonNull(signal));
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
         * Whether, on PostgreSQL, an iteration's transaction (its marks) commits without waiting for its WAL to reach
         * the disk ({@code SET LOCAL synchronous_commit TO OFF}, for that transaction only: the application's
         * transactions on the same pooled connections keep their setting). Default {@code true}: the wait for the
         * disk was a fifth to a third of an iteration at 1,000 tx/s on the development machine, and the relay is
         * at-least-once anyway. What a crash of the database (not of the relay), or a failover to a standby (these
         * commits do not wait for synchronous replication either), can lose is the marks of the last few hundred
         * milliseconds ({@code wal_writer_delay}), never a row: those rows are published again, in id order, as after
         * a relay killed between the broker's acknowledgement and its commit; consumers apply the newest version of a
         * record once (the gem's {@code updated_at} rule). {@code false} makes every mark durable at its commit.
         * Without effect on other databases.
         */
        public Builder asynchronousCommit(boolean asynchronousCommit) {
            this.asynchronousCommit = asynchronousCommit;
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
         * looks them up in the background for up to {@code max.block.ms}, and at least this long). Rows of a topic
         * still unknown then are not claimed until the lookup ended; the other topics' rows are sent meanwhile.
         * Default 1 s.
         *
         * @throws IllegalArgumentException when negative
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
         * The relay, not started. The producer settings are checked here: those contradicting {@code acks=all},
         * {@code enable.idempotence=true} or an idempotent (not transactional) producer are refused, then a Kafka
         * producer is made with them and closed at once (it connects to nothing), so that every check of the
         * client runs here.
         *
         * @throws IllegalArgumentException naming the property, when the producer settings cannot work
         */
        public OutboxRelay build() {
            return new OutboxRelay(this, RelayProducerSettings.check(producerConfig));
        }
    }
}
