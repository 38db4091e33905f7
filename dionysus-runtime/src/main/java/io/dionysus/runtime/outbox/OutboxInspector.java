package io.dionysus.runtime.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Looks into the outbox for operators: what waits per topic, which rows failed, which keys stall behind a failed
 * row; and acts on a failed row: {@link #retry(long) retry} it now, or {@link #skip(long) skip} it (never published,
 * kept for audit, its key released). The Spring Boot actuator endpoint, the metrics and the CLI use it.
 *
 * <p>Every method runs its own short statement; thread-safe.
 */
public final class OutboxInspector {

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

    /**
     * The failed rows waiting for a retry, oldest first, each with the rows of its key held behind it: the keys that
     * stall. At most {@code limit} rows.
     */
    public List<FailedRow> failedRows(int limit) {
        String sql = "SELECT f.id, f.topic, f.message_key, f.partition_key, f.attempts, f.error_class,"
                + " f.error_message, f.created_at, f.retry_at, (SELECT COUNT(*) FROM " + TABLE + " w"
                + " WHERE w.published_at IS NULL AND w.topic = f.topic AND w.id > f.id"
                + " AND ((f.partition_key IS NOT NULL AND w.partition_key = f.partition_key)"
                + " OR (f.partition_key IS NULL AND w.partition_key IS NULL AND w.message_key = f.message_key)))"
                + " FROM " + TABLE + " f WHERE f.published_at IS NULL AND f.attempts > 0 ORDER BY f.id"
                + " LIMIT " + Math.max(0, limit);
        return query(sql, (rows, timestamps) -> new FailedRow(rows.getLong(1), rows.getString(2), rows.getString(3),
                rows.getString(4), rows.getInt(5), rows.getString(6), rows.getString(7), timestamps.read(rows, 8),
                timestamps.read(rows, 9), rows.getLong(10)));
    }

    /**
     * Makes an unpublished row due now (its back-off is cut short), and the rows of its key held back behind it;
     * the relay sends them in its next iteration.
     *
     * @return whether such a row existed
     */
    public boolean retry(long id) {
        return act(id, "UPDATE " + TABLE + " SET retry_at = ?, updated_at = ? WHERE id = ? AND published_at IS NULL");
    }

    /**
     * Skips a failed row (unpublished, at least one failed send): it is never sent, keeps its error for audit, and
     * the later rows of its key held back behind it are due now. A row that never failed is not skipped (it would
     * silently never be published). Its {@code skipped_at} is set, and its {@code published_at} too (the relay is done with
     * it; the retention deletes it with the published rows).
     *
     * @return whether such a failed row existed
     */
    public boolean skip(long id) {
        return act(id, "UPDATE " + TABLE + " SET skipped_at = ?, published_at = ?, updated_at = ? WHERE id = ?"
                + " AND published_at IS NULL AND attempts > 0");
    }

    /** Runs the update of one row, then releases the rows of its key held back behind it (never failed ones). */
    private boolean act(long id, String sql) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Object now = Timestamps.of(connection).bind(clock.instant());
                String topic = null;
                String partitionKey = null;
                String messageKey = null;
                try (PreparedStatement read = connection.prepareStatement(
                        "SELECT topic, partition_key, message_key FROM " + TABLE + " WHERE id = ?")) {
                    read.setLong(1, id);
                    try (ResultSet rows = read.executeQuery()) {
                        if (rows.next()) {
                            topic = rows.getString(1);
                            partitionKey = rows.getString(2);
                            messageKey = rows.getString(3);
                        }
                    }
                }
                boolean changed;
                try (PreparedStatement update = connection.prepareStatement(sql)) {
                    int parameters = (int) sql.chars().filter(c -> c == '?').count();
                    for (int i = 1; i < parameters; i++) {
                        update.setObject(i, now);
                    }
                    update.setLong(parameters, id);
                    changed = update.executeUpdate() == 1;
                }
                if (changed) {
                    String key = partitionKey != null ? "partition_key = ?" : "partition_key IS NULL AND message_key = ?";
                    try (PreparedStatement release = connection.prepareStatement("UPDATE " + TABLE
                            + " SET retry_at = ?, updated_at = ? WHERE published_at IS NULL AND attempts = 0"
                            + " AND id > ? AND topic = ? AND " + key)) {
                        release.setObject(1, now);
                        release.setObject(2, now);
                        release.setLong(3, id);
                        release.setString(4, topic);
                        release.setString(5, partitionKey != null ? partitionKey : messageKey);
                        release.executeUpdate();
                    }
                }
                connection.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new OutboxException("cannot update outbox row " + id, e);
        }
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
