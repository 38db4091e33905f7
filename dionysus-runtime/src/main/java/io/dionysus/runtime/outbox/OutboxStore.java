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
 * the keys that must wait for an earlier row, and marks rows published, failed or held back. One instance per
 * iteration (it remembers which claimed rows carry an error or a retry time to clear).
 *
 * <p>Every read of unpublished rows walks the index on unpublished rows in id order with a {@code LIMIT}
 * ({@code ORDER BY id LIMIT ?}): without the limit PostgreSQL may answer {@code published_at IS NULL AND id < ?}
 * from the primary key and filter out every published row (statistics taken before a backlog was published say
 * all rows are unpublished; measured 213 ms at 100k published rows instead of 0.5–0.8 ms). Rows are marked
 * published with one statement per batch binding the ids as one array ({@code id = ANY(?)}) on PostgreSQL and H2, or
 * an {@code IN} list on MySQL/MariaDB, and only rows that carried an error or retry time have those columns
 * cleared.
 */
final class OutboxStore {

    /** Held behind a row another relay has claimed: left untouched, claimed again next iteration. */
    static final Instant IN_FLIGHT = Instant.MIN;

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String COLUMNS = "id, resource_class, resource_id, event_name, topic, partition_key,"
            + " message_key, payload, attempts, created_at,"
            + " CASE WHEN retry_at IS NULL AND failed_at IS NULL THEN 0 ELSE 1 END";
    private static final String CLAIMED = " WHERE published_at IS NULL AND (retry_at IS NULL OR retry_at <= ?)"
            + " AND (? OR created_at <= ?)%s ORDER BY id LIMIT ?";
    /** The claim on MySQL/MariaDB, H2 and other databases. */
    static final String CLAIM = "SELECT " + COLUMNS + " FROM " + Outbox.TABLE + CLAIMED + " FOR UPDATE SKIP LOCKED";
    /**
     * The claim on PostgreSQL, with a probe read once beside it: the count and the highest id of the lowest
     * {@code limit} unpublished rows, whatever their lock, retry time or topic. When they are the claim's own count
     * and highest id, the claim took every unpublished row up to its last (the probe's rows are a prefix of the
     * unpublished rows in id order, the claim a subset of them: equal in size and bound, they are the same rows), so
     * no row can hold a claimed key back and the earlier-rows read is skipped. One statement snapshot serves both
     * (PostgreSQL's {@code FOR UPDATE} skips rows that changed after it rather than seeing new ones).
     *
     * <p>The probe also sets {@code synchronous_commit} for the iteration's transaction (and no other: {@code
     * set_config(…, true)} is {@code SET LOCAL}): off when the relay commits without waiting for the disk
     * ({@link OutboxRelay.Builder#asynchronousCommit}), else to what it is. What a crash of the database can then
     * lose is the marks of its last few hundred milliseconds, never a row: those rows are published again, in id
     * order, as after a relay killed between the broker's acknowledgement and its commit.
     */
    static final String CLAIM_PROBED = "SELECT " + COLUMNS + ", probe.n, probe.m, probe.c FROM " + Outbox.TABLE
            + " CROSS JOIN (SELECT count(*) AS n, max(u.id) AS m, set_config('synchronous_commit', CASE WHEN ?"
            + " THEN 'off' ELSE current_setting('synchronous_commit') END, true) AS c FROM (SELECT id FROM "
            + Outbox.TABLE
            + " WHERE published_at IS NULL ORDER BY id LIMIT ?) u) probe" + CLAIMED + " FOR UPDATE OF " + Outbox.TABLE
            + " SKIP LOCKED";
    /** Keyset pages over the index on unpublished rows; the LIMIT keeps PostgreSQL on that index (see above). */
    static final String EARLIER = "SELECT id, topic, partition_key, message_key, retry_at FROM " + Outbox.TABLE
            + " WHERE published_at IS NULL AND id > ? AND id < ? ORDER BY id LIMIT ?";
    private static final int EARLIER_PAGE = 2000;
    private static final String PUBLISHED = "UPDATE " + Outbox.TABLE + " SET published_at = ?, updated_at = ?";
    private static final String PUBLISHED_CLEARING = PUBLISHED
            + ", retry_at = NULL, failed_at = NULL, error_class = NULL, error_message = NULL";
    private static final String MARK_FAILED = "UPDATE " + Outbox.TABLE + " SET attempts = attempts + 1,"
            + " failed_at = ?, retry_at = ?, error_class = ?, error_message = ?, updated_at = ? WHERE id = ?";
    private static final String FAIL_TOPIC = "UPDATE " + Outbox.TABLE + " SET attempts = attempts + 1,"
            + " failed_at = ?, retry_at = ?, error_class = ?, error_message = ?, updated_at = ?"
            + " WHERE topic = ? AND published_at IS NULL";
    private static final String HOLD_BACK = "UPDATE " + Outbox.TABLE + " SET retry_at = ?, updated_at = ? WHERE id = ?";
    private static final int MAX_IDS_PER_UPDATE = 500;

    private final Connection connection;
    private final Timestamps timestamps;
    private final boolean arrays;
    /** Claimed rows with a retry time or an error to clear when they are published. */
    private final Set<Long> toClear = new HashSet<>();
    private final boolean probed;
    /** The last claim's probe (see {@link #CLAIM_PROBED}): how many unpublished rows, up to which id; or -1. */
    private long probeCount = -1;
    private long probeHighest = -1;

    private OutboxStore(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.timestamps = dialect == Dialect.MYSQL ? Timestamps.UTC_WALL_TIME : Timestamps.WITH_TIME_ZONE;
        // an unknown database (a table the application made itself) gets the portable IN list
        this.arrays = dialect == Dialect.POSTGRESQL || dialect == Dialect.H2;
        this.probed = dialect == Dialect.POSTGRESQL;
    }

    /** The store on a connection whose transaction the caller owns. */
    static OutboxStore on(Connection connection) throws SQLException {
        return new OutboxStore(connection, Dialect.detect(connection));
    }

    /** As {@link #on(Connection)}, for a dialect already detected ({@code null}: another database). */
    static OutboxStore on(Connection connection, Dialect dialect) {
        return new OutboxStore(connection, dialect);
    }

    /** A failed row: its error and when it is due again. */
    record Failure(OutboxRecord record, Throwable error, Instant retryAt) {
    }

    /**
     * Locks and returns up to {@code limit} unpublished rows that are due at {@code now}, in id order, skipping rows
     * other relays hold and rows of the {@code skipped} topics; with a publishing delay, only rows written at least
     * that long ago. On PostgreSQL, with {@code asynchronousCommit}, the transaction will commit without waiting for
     * the disk (see {@link #CLAIM_PROBED}).
     */
    List<OutboxRecord> claim(Instant now, Duration publishingDelay, int limit, Set<String> skipped,
            boolean asynchronousCommit) throws SQLException {
        String skip = skipped.isEmpty() ? ""
                : " AND topic NOT IN (" + skipped.stream().map(t -> "?").collect(Collectors.joining(", ")) + ")";
        try (PreparedStatement select = connection.prepareStatement(String.format(probed ? CLAIM_PROBED : CLAIM,
                skip))) {
            int index = 1;
            if (probed) {
                select.setBoolean(index++, asynchronousCommit);
                select.setInt(index++, limit);
            }
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
                    if (rows.getInt(11) != 0) {
                        toClear.add(rows.getLong(1));
                    }
                    if (probed) {
                        probeCount = rows.getLong(12);
                        probeHighest = rows.getLong(13);
                    }
                }
            }
            return records;
        }
    }

    /**
     * The ordering keys of claimed rows that must wait, and until when: an unpublished row of the key with a lower id
     * was not claimed, because it waits for its retry (held until then) or because another relay holds its lock
     * ({@link #IN_FLIGHT}). Lower ids only: rows after all of ours impose no order on them. Only the claimed keys are
     * kept; the rows read are the unpublished ones below the highest claimed id (below the lowest, when the claimed
     * ids have no gap), in pages over the index on unpublished rows: usually none. On PostgreSQL no row is read at
     * all when the claim's probe shows it took every unpublished row up to its last ({@link #mayBeHeldBack}).
     */
    Map<String, Instant> heldKeys(Instant now, List<OutboxRecord> claimed) throws SQLException {
        if (!mayBeHeldBack(claimed, probeCount, probeHighest)) {
            return Map.of();
        }
        Set<Long> ours = new HashSet<>();
        Set<String> keys = new HashSet<>();
        long minId = Long.MAX_VALUE;
        long maxId = Long.MIN_VALUE;
        for (OutboxRecord record : claimed) {
            ours.add(record.id());
            keys.add(record.orderingKey());
            minId = Math.min(minId, record.id());
            maxId = Math.max(maxId, record.id());
        }
        // claimed ids without a gap (the usual case, and always while a backlog drains) leave no other row between
        // the lowest and the highest: only rows below the lowest can hold a key back, and there are rarely any
        long below = maxId - minId + 1 == claimed.size() ? minId : maxId;
        Map<String, Instant> held = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(EARLIER)) {
            long after = Long.MIN_VALUE;
            int read;
            do {
                select.setLong(1, after);
                select.setLong(2, below);
                select.setInt(3, EARLIER_PAGE);
                read = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        read++;
                        long id = rows.getLong(1);
                        after = id;
                        if (ours.contains(id)) {
                            continue;
                        }
                        String key = OutboxRecord.orderingKey(rows.getString(2), rows.getString(3), rows.getString(4));
                        if (!keys.contains(key)) {
                            continue;
                        }
                        Instant retryAt = timestamps.read(rows, 5);
                        Instant until = retryAt != null && retryAt.isAfter(now) ? retryAt : IN_FLIGHT;
                        held.merge(key, until, (a, b) -> a.isAfter(b) ? a : b);
                    }
                }
            } while (read == EARLIER_PAGE);
        }
        return held;
    }

    /** The last claim's probe: the count of the lowest unpublished rows; -1 without one (not PostgreSQL). */
    long probeCount() {
        return probeCount;
    }

    /** The last claim's probe: the highest id among the lowest unpublished rows; -1 without one. */
    long probeHighest() {
        return probeHighest;
    }

    /**
     * Whether another unpublished row may hold a key of {@code claimed} (in id order) back: false only when the probe
     * read beside the claim (see {@link #CLAIM_PROBED}) counted exactly the claimed rows up to exactly the last claimed
     * id. {@code probeCount} -1: no probe, true.
     */
    static boolean mayBeHeldBack(List<OutboxRecord> claimed, long probeCount, long probeHighest) {
        if (claimed.isEmpty()) {
            return false;
        }
        return probeCount != claimed.size() || probeHighest != claimed.get(claimed.size() - 1).id();
    }

    /**
     * Marks rows published at {@code now}: {@code published_at} and {@code updated_at} only, and the error columns and
     * {@code retry_at} cleared on the rows that had them. One statement per kind (ids bound as one array on
     * PostgreSQL and H2).
     */
    void markPublished(List<OutboxRecord> published, Instant now) throws SQLException {
        List<Long> plain = new ArrayList<>(published.size());
        List<Long> clearing = new ArrayList<>();
        for (OutboxRecord record : published) {
            (toClear.contains(record.id()) ? clearing : plain).add(record.id());
        }
        update(PUBLISHED, plain, now);
        update(PUBLISHED_CLEARING, clearing, now);
    }

    private void update(String set, List<Long> ids, Instant now) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        if (arrays) {
            try (PreparedStatement update = connection.prepareStatement(set + " WHERE id = ANY(?)")) {
                update.setObject(1, timestamps.bind(now));
                update.setObject(2, timestamps.bind(now));
                java.sql.Array array = connection.createArrayOf("BIGINT", ids.toArray(new Long[0]));
                update.setArray(3, array);
                update.executeUpdate();
                array.free();
            }
            return;
        }
        for (int from = 0; from < ids.size(); from += MAX_IDS_PER_UPDATE) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_IDS_PER_UPDATE));
            String sql = set + " WHERE id IN (" + chunk.stream().map(id -> "?").collect(Collectors.joining(", "))
                    + ")";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setObject(1, timestamps.bind(now));
                update.setObject(2, timestamps.bind(now));
                int index = 3;
                for (Long id : chunk) {
                    update.setLong(index++, id);
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
