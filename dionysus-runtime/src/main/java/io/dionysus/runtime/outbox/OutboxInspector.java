package io.dionysus.runtime.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Looks into the outbox for operators: what waits per topic, which rows failed, which keys stall behind a failed
 * row; and acts on failed rows: {@link #retry(long) retry} them now, or {@link #skip(long) skip} them (never
 * published, kept for audit, their keys released) — one row, or a batch of rows in one transaction. The Spring Boot
 * actuator endpoint, the metrics and the CLI use it.
 *
 * <p>Every method runs its own short statements on one connection of the data source; thread-safe.
 */
public final class OutboxInspector {

    /** The most ids {@link #retry(Collection)} and {@link #skip(Collection)} take in one call. */
    public static final int MAX_BATCH = 1000;

    private static final String TABLE = Outbox.TABLE;

    private final DataSource dataSource;
    private final Clock clock;

    /** An inspector of the outbox of {@code dataSource}, with the system UTC clock. */
    public OutboxInspector(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /** An inspector with its own clock (retry and skip times). */
    public OutboxInspector(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Unpublished rows of one topic.
     *
     * @param topic the topic
     * @param pending rows not yet published (failed ones included)
     * @param failed of those, rows whose send failed at least once
     * @param oldestPending when the oldest of them was written, or {@code null} when none waits
     */
    public record TopicStatus(String topic, long pending, long failed, Instant oldestPending) {
    }

    /**
     * A row whose send failed and that waits for its retry.
     *
     * @param id the row id
     * @param topic its topic
     * @param messageKey its Kafka key
     * @param partitionKey its partition key, or {@code null}
     * @param attempts failed sends so far
     * @param errorClass the last error's class
     * @param errorMessage the last error's message
     * @param createdAt when it was written
     * @param retryAt when the relay tries it again
     * @param waiting later unpublished rows of its key, held back behind it to keep their order
     */
    public record FailedRow(long id, String topic, String messageKey, String partitionKey, int attempts,
            String errorClass, String errorMessage, Instant createdAt, Instant retryAt, long waiting) {
    }

    /** Unpublished rows per topic, sorted by topic. */
    public List<TopicStatus> topics() {
        String sql = "SELECT topic, COUNT(*), SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), MIN(created_at) FROM "
                + TABLE + " WHERE published_at IS NULL GROUP BY topic ORDER BY topic";
        return query(sql, (rows, timestamps) -> new TopicStatus(rows.getString(1), rows.getLong(2), rows.getLong(3),
                timestamps.read(rows, 4)));
    }

    /**
     * Rows published per topic since {@code since} (inclusive), sorted by topic; skipped rows are not counted. Topics
     * that published nothing since are absent. Reads every row published since then (there is no index on
     * {@code published_at}): meant for an operator's look, not for a tight loop.
     */
    public Map<String, Long> publishedSince(Instant since) {
        return countPerTopic("published_at IS NOT NULL AND skipped_at IS NULL AND published_at >= ?", since);
    }

    /** Rows an operator {@link #skip(long) skipped} and the retention has not deleted yet, per topic, sorted. */
    public Map<String, Long> skipped() {
        return countPerTopic("skipped_at IS NOT NULL", null);
    }

    private Map<String, Long> countPerTopic(String condition, Instant since) {
        String sql = "SELECT topic, COUNT(*) FROM " + TABLE + " WHERE " + condition + " GROUP BY topic";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (since != null) {
                statement.setObject(1, Timestamps.of(connection).bind(since));
            }
            Map<String, Long> counts = new TreeMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new OutboxException("cannot read " + TABLE, e);
        }
    }

    /** The condition that rows {@code w} and {@code f} share a key whose order the relay keeps. */
    private static String sameKey(String w, String f) {
        return "((" + f + ".partition_key IS NOT NULL AND " + w + ".partition_key = " + f + ".partition_key)"
                + " OR (" + f + ".partition_key IS NULL AND " + w + ".partition_key IS NULL AND " + w
                + ".message_key = " + f + ".message_key))";
    }

    private static final String FAILED_ROW_COLUMNS = "SELECT f.id, f.topic, f.message_key, f.partition_key,"
            + " f.attempts, f.error_class, f.error_message, f.created_at, f.retry_at, (SELECT COUNT(*) FROM " + TABLE
            + " w WHERE w.published_at IS NULL AND w.topic = f.topic AND w.id > f.id AND " + sameKey("w", "f")
            + ") FROM " + TABLE + " f WHERE f.published_at IS NULL AND f.attempts > 0";

    /** No earlier failed unpublished row of {@code f}'s key: {@code f} is the one that blocks its key. */
    private static final String BLOCKING = " AND NOT EXISTS (SELECT 1 FROM " + TABLE + " e WHERE e.published_at IS NULL"
            + " AND e.attempts > 0 AND e.topic = f.topic AND e.id < f.id AND " + sameKey("e", "f") + ")";

    /**
     * The failed rows waiting for a retry, oldest first (by id), each with the rows of its key held behind it. A key
     * whose rows all failed (a missing topic fails every row of a batch) appears once per failed row: see
     * {@link #stalledKeys(int)} for one entry per key. At most {@code limit} rows.
     */
    public List<FailedRow> failedRows(int limit) {
        return query(FAILED_ROW_COLUMNS + " ORDER BY f.id LIMIT " + Math.max(0, limit), OutboxInspector::failedRow);
    }

    /**
     * The keys stalled behind a failed row, one entry per key (topic and partition key, else message key): its
     * oldest unpublished failed row, the one that blocks the key, with {@link FailedRow#waiting() waiting} the later
     * unpublished rows of the key (failed ones included). Oldest first (by the blocking row's {@code created_at},
     * then id); at most {@code limit} entries; {@link #stalledKeyCount()} counts them all.
     */
    public List<FailedRow> stalledKeys(int limit) {
        return query(FAILED_ROW_COLUMNS + BLOCKING + " ORDER BY f.created_at, f.id LIMIT " + Math.max(0, limit),
                OutboxInspector::failedRow);
    }

    /** How many keys are stalled behind a failed row (the size of {@link #stalledKeys(int)} without a limit). */
    public long stalledKeyCount() {
        return query("SELECT COUNT(*) FROM " + TABLE + " f WHERE f.published_at IS NULL AND f.attempts > 0"
                + BLOCKING, (rows, timestamps) -> rows.getLong(1)).get(0);
    }

    private static FailedRow failedRow(ResultSet rows, Timestamps timestamps) throws SQLException {
        return new FailedRow(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getInt(5),
                rows.getString(6), rows.getString(7), timestamps.read(rows, 8), timestamps.read(rows, 9),
                rows.getLong(10));
    }

    /**
     * Makes an unpublished row due now (its back-off is cut short), and the rows of its key held back behind it;
     * the relay sends them in its next iteration.
     *
     * @return whether such a row existed
     */
    public boolean retry(long id) {
        return !retry(List.of(id)).isEmpty();
    }

    /**
     * {@link #retry(long) Retries} the unpublished rows among {@code ids} in one transaction on one connection, with
     * three statements whatever their number (a locked read, one update, one batch releasing their keys).
     *
     * @param ids at most {@link #MAX_BATCH} row ids
     * @return the ids that were retried (the others were published or do not exist), ascending
     * @throws IllegalArgumentException when more than {@link #MAX_BATCH} ids are given
     * @throws OutboxException when the database fails; nothing of this batch is changed then
     */
    public List<Long> retry(Collection<Long> ids) {
        return act(ids, "", "retry_at = ?, updated_at = ?", 2);
    }

    /**
     * Skips a failed row (unpublished, at least one failed send): it is never sent, keeps its error for audit, and
     * the later rows of its key held back behind it are due now. A row that never failed is not skipped (it would
     * silently never be published). Its {@code skipped_at} is set, and its {@code published_at} too (the relay is
     * done with it; the retention deletes it with the published rows).
     *
     * @return whether such a failed row existed
     */
    public boolean skip(long id) {
        return !skip(List.of(id)).isEmpty();
    }

    /**
     * {@link #skip(long) Skips} the failed rows among {@code ids} in one transaction on one connection, with three
     * statements whatever their number (a locked read, one update, one batch releasing their keys).
     *
     * @param ids at most {@link #MAX_BATCH} row ids
     * @return the ids that were skipped (the others were not failed, published or do not exist), ascending
     * @throws IllegalArgumentException when more than {@link #MAX_BATCH} ids are given
     * @throws OutboxException when the database fails; nothing of this batch is changed then
     */
    public List<Long> skip(Collection<Long> ids) {
        return act(ids, " AND attempts > 0", "skipped_at = ?, published_at = ?, updated_at = ?", 3);
    }

    /** One row of {@link #act}'s locked read. */
    private record Target(long id, String topic, String partitionKey, String messageKey) {
    }

    /**
     * Sets {@code assignments} ({@code times} parameters, all now) on the unpublished rows among {@code ids} that
     * meet {@code condition}, then releases the rows of their keys held back behind them (never failed ones).
     */
    private List<Long> act(Collection<Long> ids, String condition, String assignments, int times) {
        if (ids.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " ids at once, not " + ids.size());
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Long> distinct = new ArrayList<>(new TreeSet<>(ids));
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Object now = Timestamps.of(connection).bind(clock.instant());
                List<Target> targets = new ArrayList<>();
                try (PreparedStatement read = connection.prepareStatement("SELECT id, topic, partition_key,"
                        + " message_key FROM " + TABLE + " WHERE id IN (" + marks(distinct.size())
                        + ") AND published_at IS NULL" + condition + " ORDER BY id FOR UPDATE")) {
                    for (int i = 0; i < distinct.size(); i++) {
                        read.setLong(i + 1, distinct.get(i));
                    }
                    try (ResultSet rows = read.executeQuery()) {
                        while (rows.next()) {
                            targets.add(new Target(rows.getLong(1), rows.getString(2), rows.getString(3),
                                    rows.getString(4)));
                        }
                    }
                }
                if (!targets.isEmpty()) {
                    try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET "
                            + assignments + " WHERE id IN (" + marks(targets.size()) + ") AND published_at IS NULL"
                            + condition)) {
                        int index = 1;
                        for (int i = 0; i < times; i++) {
                            update.setObject(index++, now);
                        }
                        for (Target target : targets) {
                            update.setLong(index++, target.id());
                        }
                        update.executeUpdate();
                    }
                    release(connection, now, targets);
                }
                connection.commit();
                return targets.stream().map(Target::id).toList();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new OutboxException("cannot update outbox rows " + distinct.get(0)
                    + (distinct.size() > 1 ? "…" + distinct.get(distinct.size() - 1) : ""), e);
        }
    }

    /** Makes the never-failed rows held behind {@code targets} due now: one JDBC batch per key shape. */
    private static void release(Connection connection, Object now, List<Target> targets) throws SQLException {
        String sql = "UPDATE " + TABLE + " SET retry_at = ?, updated_at = ? WHERE published_at IS NULL"
                + " AND attempts = 0 AND id > ? AND topic = ? AND ";
        // the oldest target of each key: every held row of the key is later than it
        Map<List<String>, Target> oldest = new java.util.LinkedHashMap<>();
        for (Target target : targets) {
            oldest.putIfAbsent(java.util.Arrays.asList(target.topic(), target.partitionKey(),
                    target.partitionKey() == null ? target.messageKey() : null), target);
        }
        try (PreparedStatement byPartitionKey = connection.prepareStatement(sql + "partition_key = ?");
             PreparedStatement byMessageKey = connection.prepareStatement(
                     sql + "partition_key IS NULL AND message_key = ?")) {
            boolean partitionKeys = false;
            boolean messageKeys = false;
            for (Target target : oldest.values()) {
                PreparedStatement release = target.partitionKey() != null ? byPartitionKey : byMessageKey;
                release.setObject(1, now);
                release.setObject(2, now);
                release.setLong(3, target.id());
                release.setString(4, target.topic());
                release.setString(5, target.partitionKey() != null ? target.partitionKey() : target.messageKey());
                release.addBatch();
                partitionKeys |= target.partitionKey() != null;
                messageKeys |= target.partitionKey() == null;
            }
            if (partitionKeys) {
                byPartitionKey.executeBatch();
            }
            if (messageKeys) {
                byMessageKey.executeBatch();
            }
        }
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private interface RowReader<T> {
        T read(ResultSet rows, Timestamps timestamps) throws SQLException;
    }

    private <T> List<T> query(String sql, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            Timestamps timestamps = Timestamps.of(connection);
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(reader.read(rows, timestamps));
            }
            return result;
        } catch (SQLException e) {
            throw new OutboxException("cannot read " + TABLE, e);
        }
    }
}
