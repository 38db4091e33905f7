package io.dionysus.runtime.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * Deletes published outbox rows older than a retention age, in bounded batches (one statement and transaction per
 * batch), so that the table does not only grow. Unpublished rows, failed rows waiting for a retry and rows published
 * recently are never touched. The gem keeps every row forever; peers (Spring Modulith's completed events,
 * namastack-outbox) added a cleanup later.
 *
 * <pre>{@code
 * OutboxRetention retention = OutboxRetention.builder(dataSource).keepPublished(Duration.ofDays(7)).build();
 * long deleted = retention.deleteExpired();   // e.g. every 10 minutes
 * }</pre>
 *
 * <p>Thread-safe; several processes may run it at once (a row is deleted once).
 */
public final class OutboxRetention {

    private final DataSource dataSource;
    private final Duration keepPublished;
    private final int batchSize;
    private final Clock clock;

    private OutboxRetention(Builder builder) {
        this.dataSource = builder.dataSource;
        this.keepPublished = builder.keepPublished;
        this.batchSize = builder.batchSize;
        this.clock = builder.clock;
    }

    /** A retention over the outbox of {@code dataSource}: 7 days, batches of 1000. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** How long published rows are kept. */
    public Duration keepPublished() {
        return keepPublished;
    }

    /**
     * Deletes every published row whose {@code published_at} is older than the retention age, batch after batch,
     * and returns how many were deleted.
     *
     * @throws OutboxException when the database fails; batches deleted before stay deleted
     */
    public long deleteExpired() {
        return deleteExpired(batch -> { });
    }

    /**
     * As {@link #deleteExpired()}, telling {@code afterBatch} how many rows each committed batch deleted (the last
     * call may be 0), e.g. to advance a progress bar. The age is measured once, at the start.
     *
     * @throws OutboxException when the database fails; batches deleted before stay deleted
     */
    public long deleteExpired(LongConsumer afterBatch) {
        Objects.requireNonNull(afterBatch, "afterBatch");
        Instant cutoff = clock.instant().minus(keepPublished);
        long deleted = 0;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try (PreparedStatement delete = connection.prepareStatement(deleteSql(Dialect.of(connection)))) {
                delete.setObject(1, Timestamps.of(connection).bind(cutoff));
                delete.setInt(2, batchSize);
                int count;
                do {
                    count = delete.executeUpdate();
                    deleted += count;
                    afterBatch.accept(count);
                } while (count == batchSize);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new OutboxException("cannot delete published outbox rows older than " + keepPublished
                    + " (deleted " + deleted + " so far)", e);
        }
        return deleted;
    }

    /**
     * How many published rows are older than the retention age now: what {@link #deleteExpired()} would delete
     * (rows published meanwhile aside), e.g. a progress bar's total or a dry run's answer.
     *
     * @throws OutboxException when the database fails
     */
    public long countExpired() {
        Instant cutoff = clock.instant().minus(keepPublished);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM " + Outbox.TABLE
                     + " WHERE published_at IS NOT NULL AND published_at < ?")) {
            count.setObject(1, Timestamps.of(connection).bind(cutoff));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new OutboxException("cannot count published outbox rows older than " + keepPublished, e);
        }
    }

    private static String deleteSql(Dialect dialect) {
        if (dialect == Dialect.MYSQL) {
            // MySQL has no LIMIT in an IN subquery, but a LIMIT on DELETE
            return "DELETE FROM " + Outbox.TABLE + " WHERE published_at IS NOT NULL AND published_at < ? ORDER BY id"
                    + " LIMIT ?";
        }
        return "DELETE FROM " + Outbox.TABLE + " WHERE id IN (SELECT id FROM " + Outbox.TABLE
                + " WHERE published_at IS NOT NULL AND published_at < ? ORDER BY id LIMIT ?)";
    }

    /** Configures an {@link OutboxRetention}. */
    public static final class Builder {
        private final DataSource dataSource;
        private Duration keepPublished = Duration.ofDays(7);
        private int batchSize = 1000;
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * How long published rows are kept. Default 7 days.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder keepPublished(Duration keepPublished) {
            if (keepPublished.isNegative()) {
                throw new IllegalArgumentException("keepPublished must not be negative: " + keepPublished);
            }
            this.keepPublished = keepPublished;
            return this;
        }

        /**
         * Rows per delete statement. Default 1000.
         *
         * @throws IllegalArgumentException when below 1
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The clock the age is measured with. Default: the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public OutboxRetention build() {
            return new OutboxRetention(this);
        }
    }
}
