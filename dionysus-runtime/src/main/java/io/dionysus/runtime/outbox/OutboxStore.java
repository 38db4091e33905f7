package io.dionysus.runtime.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's SQL on {@code dionysus_outboxes}, on the caller's connection and transaction: claims due rows, finds
 * the keys that must wait for an earlier row, and marks rows published, failed or held back.
 */
final class OutboxStore {

    /** Held behind a row another relay has claimed: left untouched, claimed again next iteration. */
    static final Instant IN_FLIGHT = Instant.MIN;

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String COLUMNS = "id, resource_class, resource_id, event_name, topic, partition_key,"
            + " message_key, payload, attempts, created_at";
    private static final String CLAIM = "SELECT " + COLUMNS + " FROM " + Outbox.TABLE
            + " WHERE published_at IS NULL AND (retry_at IS NULL OR retry_at <= ?) AND (? OR created_at <= ?)%s"
            + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String EARLIER = "SELECT id, topic, partition_key, message_key, retry_at FROM " + Outbox.TABLE
            + " WHERE published_at IS NULL AND id < ?";
    private static final String MARK_FAILED = "UPDATE " + Outbox.TABLE + " SET attempts = attempts + 1,"
            + " failed_at = ?, retry_at = ?, error_class = ?, error_message = ?, updated_at = ? WHERE id = ?";
    private static final String FAIL_TOPIC = "UPDATE " + Outbox.TABLE + " SET attempts = attempts + 1,"
            + " failed_at = ?, retry_at = ?, error_class = ?, error_message = ?, updated_at = ?"
            + " WHERE topic = ? AND published_at IS NULL";
    private static final String HOLD_BACK = "UPDATE " + Outbox.TABLE + " SET retry_at = ?, updated_at = ? WHERE id = ?";
    private static final int MAX_IDS_PER_UPDATE = 500;

    private final Connection connection;
    private final Timestamps timestamps;

    private OutboxStore(Connection connection, Timestamps timestamps) {
        this.connection = connection;
        this.timestamps = timestamps;
    }

    /** The store on a connection whose transaction the caller owns. */
    static OutboxStore on(Connection connection) throws SQLException {
        return new OutboxStore(connection, Timestamps.of(connection));
    }

    /** A failed row: its error and when it is due again. */
    record Failure(OutboxRecord record, Throwable error, Instant retryAt) {
    }

    /**
     * Locks and returns up to {@code limit} unpublished rows that are due at {@code now}, in id order, skipping rows
     * other relays hold and rows of the {@code skipped} topics; with a publishing delay, only rows written at least
     * that long ago.
     */
    List<OutboxRecord> claim(Instant now, Duration publishingDelay, int limit, Set<String> skipped)
            throws SQLException {
        String skip = skipped.isEmpty() ? ""
                : " AND topic NOT IN (" + skipped.stream().map(t -> "?").collect(Collectors.joining(", ")) + ")";
        try (PreparedStatement select = connection.prepareStatement(String.format(CLAIM, skip))) {
            int index = 1;
            select.setObject(index++, timestamps.bind(now));
            select.setBoolean(index++, publishingDelay.isZero());
            select.setObject(index++, timestamps.bind(now.minus(publishingDelay)));
            for (String topic : skipped) {
                select.setString(index++, topic);
            }
            select.setInt(index, limit);
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
     * The ordering keys whose claimed rows must wait, and until when: an unpublished row of the key with a lower id
     * was not claimed, because it waits for its retry (held until then) or because another relay holds its lock
     * ({@link #IN_FLIGHT}). Lower ids only: rows after all of ours impose no order on them.
     */
    Map<String, Instant> heldKeys(Instant now, List<OutboxRecord> claimed) throws SQLException {
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

    /** Marks rows published at {@code now} and clears their error columns. */
    void markPublished(List<OutboxRecord> published, Instant now) throws SQLException {
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

    /** Counts a failed attempt on each row and records its error and retry time. */
    void markFailed(List<Failure> failed, Instant now) throws SQLException {
        if (failed.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(MARK_FAILED)) {
            for (Failure failure : failed) {
                LOG.warn("publishing outbox row {} ({} on {}) failed, attempt {}; retry at {}: {}",
                        failure.record().id(), failure.record().messageKey(), failure.record().topic(),
                        failure.record().attempts() + 1, failure.retryAt(), failure.error().toString());
                update.setObject(1, timestamps.bind(now));
                update.setObject(2, timestamps.bind(failure.retryAt()));
                update.setString(3, truncate(failure.error().getClass().getName(), 255));
                update.setString(4, String.valueOf(failure.error().getMessage()));
                update.setObject(5, timestamps.bind(now));
                update.setLong(6, failure.record().id());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /**
     * Counts a failed attempt on every unpublished row of a topic at once, with one error and one retry time: its
     * metadata could not be had, which no row of it can get past. Their relative order is kept (one retry time, and
     * ids give the order). Returns how many rows were charged.
     */
    int markTopicFailed(String topic, Throwable error, Instant retryAt, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(FAIL_TOPIC)) {
            update.setObject(1, timestamps.bind(now));
            update.setObject(2, timestamps.bind(retryAt));
            update.setString(3, truncate(error.getClass().getName(), 255));
            update.setString(4, String.valueOf(error.getMessage()));
            update.setObject(5, timestamps.bind(now));
            update.setString(6, topic);
            int charged = update.executeUpdate();
            LOG.warn("no metadata for topic {}: its {} unpublished rows are charged with an attempt; retry at {}: {}",
                    topic, charged, retryAt, error.toString());
            return charged;
        }
    }

    /** Sets the retry time of rows held behind an earlier row of their key, without counting an attempt. */
    void markHeldBack(Map<Long, Instant> holdBack, Instant now) throws SQLException {
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

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
