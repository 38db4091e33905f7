package io.dionysus.runtime.consumer;

import io.dionysus.runtime.consumer.DeadLetterPublisher.DeadLetter;
import io.dionysus.runtime.consumer.DeadLetterPublisher.DeadLetterFailure;
import io.dionysus.runtime.outbox.OutboxRelay;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one polled batch in one database transaction, and, once the batch and its offsets are committed, tells the
 * listener what it did. Each message is first planned without the database ({@link MessageApplier#plan}); one that
 * cannot be read is dead-lettered ({@link DeadLetterPublisher}) before the transaction commits. Consecutive messages
 * without sideloads are applied set-based ({@link SetBasedApplier}: one query per table to read their rows, JDBC
 * batches to write them); if such a run fails, it is rolled back and applied again message by message, each under
 * its own savepoint, so that a message that cannot be applied (a constraint violation, a bad value) is rolled back
 * to its savepoint and dead-lettered while the others apply. Messages with sideloads (nested records, association
 * hooks) are applied message by message, in their place in the batch.
 */
final class BatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(DionysusConsumer.class);

    private final DataSource dataSource;
    private final MessageApplier applier;
    private final SetBasedApplier setBased;
    private final Map<String, String> deadLetterTopics;
    private final DeadLetterPublisher deadLetters;
    private final ConsumerListener listener;
    private final Clock clock;

    BatchProcessor(DataSource dataSource, MessageApplier applier, Map<String, String> deadLetterTopics,
            DeadLetterPublisher deadLetters, ConsumerListener listener, Clock clock) {
        this.dataSource = dataSource;
        this.applier = applier;
        this.setBased = new SetBasedApplier(applier);
        this.deadLetterTopics = Map.copyOf(deadLetterTopics);
        this.deadLetters = deadLetters;
        this.listener = listener;
        this.clock = clock;
    }

    /** What a batch did, once committed. */
    record Applied(int count, Duration duration, List<ConsumedEvent> events, List<DeadLetter> letters,
            Map<String, Integer> applied, Map<String, Integer> skipped,
            List<ConsumerRecord<String, byte[]>> appliedRecords) {
    }

    /**
     * Applies and commits the batch; {@code tries} carries its dead letters from one try to the next.
     *
     * @throws SQLException when the database fails for a reason that is no message's fault (an outage): nothing was
     *     committed
     * @throws DeadLetterFailure when a dead letter could not be sent for a reason that may pass: nothing committed
     */
    Applied apply(ConsumerRecords<String, byte[]> records, DeadLetterPublisher.Tries tries)
            throws SQLException, DeadLetterFailure {
        long started = System.nanoTime();
        Batch batch = new Batch(records.count());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Pending> run = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    PlannedMessage plan;
                    try {
                        plan = applier.plan(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        batch.letter(batch.next, deadLetter(record, e));
                        batch.next++;
                        continue;
                    }
                    Pending pending = new Pending(batch.next++, record, plan);
                    if (plan.setBased()) {
                        run.add(pending);
                    } else {
                        applyRun(connection, run, batch);
                        run.clear();
                        applyOne(connection, pending, batch);
                    }
                }
                applyRun(connection, run, batch);
                deadLetters.publish(batch.letters(), tries);
                connection.commit();
            } catch (SQLException | DeadLetterFailure | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
        List<DeadLetter> letters = batch.letters();
        Map<String, Integer> applied = batch.applied;
        Map<String, Integer> skipped = batch.skipped;
        List<ConsumedEvent> events = batch.events;
        List<ConsumerRecord<String, byte[]>> appliedRecords = batch.appliedRecords;
        return new Applied(records.count(), Duration.ofNanos(System.nanoTime() - started), events, letters, applied,
                skipped, appliedRecords);
    }

    /** A planned message of the batch, with its place in it. */
    private record Pending(int index, ConsumerRecord<String, byte[]> record, PlannedMessage plan) {
    }

    /** What the batch did so far; dead letters are kept in the batch's order, whichever path found them. */
    private static final class Batch {
        private final DeadLetter[] letters;
        private final List<ConsumedEvent> events = new ArrayList<>();
        private final Map<String, Integer> applied = new HashMap<>();
        private final Map<String, Integer> skipped = new HashMap<>();
        private final List<ConsumerRecord<String, byte[]>> appliedRecords = new ArrayList<>();
        /** Whether anything was written in the transaction yet. */
        private boolean written;
        private int next;

        Batch(int size) {
            letters = new DeadLetter[size];
        }

        void letter(int index, DeadLetter letter) {
            letters[index] = letter;
        }

        List<DeadLetter> letters() {
            List<DeadLetter> list = new ArrayList<>();
            for (DeadLetter letter : letters) {
                if (letter != null) {
                    list.add(letter);
                }
            }
            return list;
        }

        void done(ConsumerRecord<String, byte[]> record, List<ConsumedEvent> recordEvents) {
            events.addAll(recordEvents);
            if (recordEvents.stream().allMatch(event -> event.localChanges().isEmpty())) {
                // a tombstone, an event or model not kept here, a filtered or stale record
                skipped.merge(record.topic(), 1, Integer::sum);
            } else {
                applied.merge(record.topic(), 1, Integer::sum);
                appliedRecords.add(record);
            }
        }
    }

    /**
     * Applies a run of consecutive set-based messages with {@link SetBasedApplier}. If that fails, the run is rolled
     * back (to a savepoint, or the whole transaction when nothing was written before it) and applied message by
     * message, which dead-letters the failing ones and applies the others, or throws the outage again.
     */
    private void applyRun(Connection connection, List<Pending> run, Batch batch) throws SQLException {
        if (run.isEmpty()) {
            return;
        }
        Savepoint savepoint = batch.written ? connection.setSavepoint() : null;
        batch.written = true;
        List<List<ConsumedEvent>> results;
        try {
            results = setBased.apply(connection, run.stream().map(Pending::plan).toList());
        } catch (SQLException | RuntimeException e) {
            try {
                if (savepoint != null) {
                    connection.rollback(savepoint);
                } else {
                    connection.rollback();
                }
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
                throw e;
            }
            LOG.debug("applying {} messages set-based failed ({}); applying them one by one", run.size(),
                    e.toString());
            for (Pending pending : run) {
                applyOne(connection, pending, batch);
            }
            return;
        }
        for (int i = 0; i < run.size(); i++) {
            batch.done(run.get(i).record(), results.get(i));
        }
    }

    /** Applies one message under its own savepoint; dead-letters it when it is the message's fault. */
    private void applyOne(Connection connection, Pending pending, Batch batch) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        batch.written = true;
        try {
            batch.done(pending.record(), applier.apply(connection, pending.plan()));
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            batch.letter(pending.index(), deadLetter(pending.record(), e));
        } catch (RuntimeException e) {
            connection.rollback(savepoint);
            batch.letter(pending.index(), deadLetter(pending.record(), e));
        }
    }

    /**
     * After the batch and its offsets were committed: its dead letters (each acknowledged one once; each dropped one
     * as an {@code error}), then its events, then the batch report. A listener that throws is logged.
     */
    void notifyCommitted(Applied batch, DeadLetterPublisher.Tries tries) {
        List<DeadLetter> delivered = batch.letters().stream().filter(l -> tries.acknowledged(l.record())).toList();
        for (DeadLetter letter : delivered) {
            tell(() -> listener.deadLettered(letter.record(), letter.topic(), letter.error()));
        }
        for (DeadLetterRefusedException dropped : tries.dropped()) {
            tell(() -> listener.error(dropped));
        }
        tell(() -> {
            listener.consumeBatch(batch.events());
            batch.events().forEach(listener::consume);
        });
        Map<String, Integer> deadLettered = new HashMap<>();
        delivered.forEach(letter -> deadLettered.merge(letter.record().topic(), 1, Integer::sum));
        Instant now = clock.instant();
        List<Duration> latencies = new ArrayList<>(batch.appliedRecords().size());
        for (ConsumerRecord<String, byte[]> record : batch.appliedRecords()) {
            Instant committed = committedAt(record);
            if (committed != null && !committed.isAfter(now)) {
                latencies.add(Duration.between(committed, now));
            }
        }
        tell(() -> listener.batchCompleted(new ConsumerBatch(batch.count(), batch.duration(),
                Map.copyOf(batch.applied()), Map.copyOf(batch.skipped()), Map.copyOf(deadLettered),
                List.copyOf(latencies))));
    }

    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("consumer listener failed", e);
        }
    }

    /** When the record's outbox row was written: the relay's header, else the Kafka record timestamp. */
    private static Instant committedAt(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(OutboxRelay.CREATED_AT_HEADER);
        if (header != null) {
            try {
                return Instant.parse(new String(header.value(), StandardCharsets.US_ASCII));
            } catch (DateTimeParseException e) {
                LOG.debug("unreadable {} header", OutboxRelay.CREATED_AT_HEADER);
            }
        }
        return record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null;
    }

    /** SQL states of class 22 (data exception) and 23 (integrity constraint violation): this message's fault. */
    private static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private DeadLetter deadLetter(ConsumerRecord<String, byte[]> record, Exception error) {
        return new DeadLetter(record, deadLetterTopics.getOrDefault(record.topic(), record.topic() + "_dlq"), error);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }
}
