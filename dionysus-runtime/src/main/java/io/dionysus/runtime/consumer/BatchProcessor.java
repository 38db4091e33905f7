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
 * Applies one polled batch in one database transaction: each message under its own savepoint, a message that cannot
 * be applied rolled back to it and dead-lettered ({@link DeadLetterPublisher}) before the transaction commits; and,
 * once the batch and its offsets are committed, tells the listener what it did.
 */
final class BatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(DionysusConsumer.class);

    private final DataSource dataSource;
    private final MessageApplier applier;
    private final Map<String, String> deadLetterTopics;
    private final DeadLetterPublisher deadLetters;
    private final ConsumerListener listener;
    private final Clock clock;

    BatchProcessor(DataSource dataSource, MessageApplier applier, Map<String, String> deadLetterTopics,
            DeadLetterPublisher deadLetters, ConsumerListener listener, Clock clock) {
        this.dataSource = dataSource;
        this.applier = applier;
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
                deadLetters.publish(letters, tries);
                connection.commit();
            } catch (SQLException | DeadLetterFailure | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
        return new Applied(records.count(), Duration.ofNanos(System.nanoTime() - started), events, letters, applied,
                skipped, appliedRecords);
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
