package io.dionysus.runtime.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Writes outbox rows into {@code dionysus_outboxes} on the caller's connection, so they commit or roll back with the
 * business change. Generated publishers call it; it is thread-safe and holds no connection.
 *
 * <pre>{@code
 * Outbox outbox = Outbox.builder().build();
 * UserDionysusPublisher users = new UserDionysusPublisher(outbox);
 * try (Connection c = dataSource.getConnection()) {
 *     c.setAutoCommit(false);
 *     insertUser(c, user);
 *     users.created(c, user);   // same transaction
 *     c.commit();
 * }
 * }</pre>
 */
public final class Outbox {

    /** The gem's table name. */
    public static final String TABLE = "dionysus_outboxes";

    private static final String INSERT = "INSERT INTO " + TABLE
            + " (resource_class, resource_id, event_name, topic, partition_key, message_key, payload, changeset,"
            + " attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)";

    private final Clock clock;
    private final boolean enabled;
    private final ConnectionSupplier connectionSupplier;
    private final CommitSignal commitSignal = new CommitSignal();
    private final Runnable signalCommitted = commitSignal::committed;

    private Outbox(Builder builder) {
        this.clock = builder.clock;
        this.enabled = builder.enabled;
        this.connectionSupplier = builder.connectionSupplier;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether rows are written at all (the gem's {@code transactional_outbox_enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The signal that tells relays in this JVM that rows written through this outbox have committed; give it to the
     * relay with {@link OutboxRelay.Builder#wakeOn(CommitSignal)}.
     */
    public CommitSignal commitSignal() {
        return commitSignal;
    }

    /**
     * Tells relays listening to {@link #commitSignal()} that a transaction which wrote rows through this outbox has
     * committed: call it right after {@code connection.commit()} when you publish on your own connection
     * ({@link #insert(Connection, List)}), so the rows are published at once rather than at the relay's next poll.
     * The Hibernate capture and the Spring starter call it for you. Never throws; a missed call only costs latency.
     */
    public void committed() {
        commitSignal.committed();
    }

    /**
     * Inserts the rows on the given connection, in order, without committing. Nothing is written when the outbox is
     * disabled. (The publishers honour {@link io.dionysus.runtime.Suppressor}; this low-level call does not.)
     *
     * @throws OutboxException when the insert fails (the caller's transaction should roll back)
     */
    public void insert(Connection connection, List<OutboxEntry> entries) {
        if (!enabled || entries.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            Object now = Timestamps.of(connection).bind(clock.instant());
            for (OutboxEntry entry : entries) {
                insert.setString(1, entry.resourceClass());
                insert.setString(2, entry.resourceId());
                insert.setString(3, entry.eventName());
                insert.setString(4, entry.topic());
                insert.setString(5, entry.partitionKey());
                insert.setString(6, entry.messageKey());
                setText(insert, 7, entry.payload());
                setText(insert, 8, entry.changeset());
                insert.setObject(9, now);
                insert.setObject(10, now);
                if (entries.size() == 1) {
                    insert.executeUpdate();
                } else {
                    insert.addBatch();
                }
            }
            if (entries.size() > 1) {
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new OutboxException("cannot write " + entries.size() + " row(s) into " + TABLE + " for "
                    + entries.get(0).messageKey(), e);
        }
    }

    /**
     * Inserts the rows on the connection of the running transaction, from the configured {@link ConnectionSupplier}.
     * The transaction is checked even when there is nothing to write, so a misplaced call fails in every case. When
     * the supplier can tell when that transaction commits ({@link ConnectionSupplier#afterCommit}), the commit wakes
     * the relays listening to {@link #commitSignal()}.
     *
     * @throws IllegalStateException when no {@code ConnectionSupplier} is configured, or no transaction is running
     *         (the supplier gives no connection, or one in auto-commit mode, which is given back at once): nothing
     *         is written and no connection is held
     * @throws OutboxException when the supplier or the insert fails
     */
    public void insert(List<OutboxEntry> entries) {
        if (!enabled) {
            return;
        }
        if (connectionSupplier == null) {
            throw new IllegalStateException("no ConnectionSupplier configured: pass the transaction's Connection, or "
                    + "configure Outbox.builder().connectionSupplier(...)");
        }
        Connection connection;
        boolean autoCommit;
        try {
            connection = connectionSupplier.currentConnection();
            autoCommit = connection != null && connection.getAutoCommit();
        } catch (SQLException e) {
            throw new OutboxException("cannot get the current transaction's connection", e);
        }
        if (connection == null) {
            throw new IllegalStateException("no transaction is running (the ConnectionSupplier gave no connection):"
                    + " publish inside the transaction that changes the model; nothing was written");
        }
        if (autoCommit) {
            try {
                connectionSupplier.release(connection);
            } catch (SQLException e) {
                throw new OutboxException("cannot give back a connection in auto-commit mode", e);
            }
            throw new IllegalStateException("no transaction is running (the ConnectionSupplier gave a connection in"
                    + " auto-commit mode, now given back): publish inside the transaction that changes the model,"
                    + " so its outbox rows commit or roll back with it; nothing was written");
        }
        insert(connection, entries);
        if (!entries.isEmpty()) {
            connectionSupplier.afterCommit(signalCommitted);
        }
    }

    private static void setText(PreparedStatement statement, int index, String text) throws SQLException {
        if (text == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, text);
        }
    }

    /** Configures an {@link Outbox}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private boolean enabled = true;
        private ConnectionSupplier connectionSupplier;

        private Builder() {
        }

        /** The clock for {@code created_at}/{@code updated_at}. Default: the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** {@code false} turns every write into a no-op (the gem's {@code transactional_outbox_enabled}). Default true. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Where publishers called without a connection find the running transaction's connection. Default: none. */
        public Builder connectionSupplier(ConnectionSupplier connectionSupplier) {
            this.connectionSupplier = connectionSupplier;
            return this;
        }

        public Outbox build() {
            return new Outbox(this);
        }
    }
}
