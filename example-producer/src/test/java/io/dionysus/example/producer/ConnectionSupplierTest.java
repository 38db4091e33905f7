package io.dionysus.example.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.outbox.ConnectionSupplier;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishing without passing a connection, as a Spring or Jakarta EE application does: the outbox asks a
 * {@code ConnectionSupplier} for the running transaction's connection (Spring: {@code DataSourceUtils.getConnection}).
 * A thread-bound connection stands in for the transaction manager here.
 */
class ConnectionSupplierTest {

    private final ThreadLocal<Connection> transaction = new ThreadLocal<>();

    @AllDatabases
    void theRowJoinsWhateverTransactionIsRunning(TestDatabase db) throws SQLException {
        OutboxSchema.install(db.dataSource());
        UserDionysusPublisher publisher = new UserDionysusPublisher(
                Outbox.builder().connectionSupplier(transaction::get).build());

        inTransaction(db, false, () -> publisher.created(user(7, "Rolled back")));
        assertTrue(OutboxRows.all(db.dataSource()).isEmpty(), "rolled back with the transaction");

        inTransaction(db, true, () -> {
            publisher.created(user(8, "Dionysus"));
            publisher.updated(user(8, "Bacchus"));
        });
        List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
        assertEquals(List.of("user_created", "user_updated"), rows.stream().map(r -> r.get("event_name")).toList());
        assertEquals(List.of("User:8", "User:8"), rows.stream().map(r -> r.get("message_key")).toList());
        assertTrue(((String) rows.get(1).get("payload")).contains("\"name\":\"Bacchus\""), rows.toString());
    }

    @AllDatabases
    void publishingOutsideATransactionOrWithoutASupplierIsAClearError(TestDatabase db) {
        OutboxSchema.install(db.dataSource());
        UserDionysusPublisher bound = new UserDionysusPublisher(
                Outbox.builder().connectionSupplier(transaction::get).build());
        IllegalStateException outside = assertThrows(IllegalStateException.class,
                () -> bound.created(user(9, "Nowhere")));
        assertEquals("no transaction is running (the ConnectionSupplier gave no connection): publish inside the"
                + " transaction that changes the model; nothing was written", outside.getMessage());

        UserDionysusPublisher unbound = new UserDionysusPublisher(Outbox.builder().build());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> unbound.created(user(9, "Nowhere")));
        assertTrue(none.getMessage().startsWith("no ConnectionSupplier configured"), none.getMessage());
        assertTrue(OutboxRows.all(db.dataSource()).isEmpty());
    }

    /**
     * A supplier that hands out a fresh pooled connection when no transaction is running, as Spring's
     * {@code DataSourceUtils.getConnection} does: every variant refuses it, gives it back, writes nothing; with a
     * pool of two, ten refused calls later a normal transaction still gets its connection.
     */
    @AllDatabases
    void aConnectionInAutoCommitModeIsGivenBackAndNothingIsWritten(TestDatabase db) throws Exception {
        OutboxSchema.install(db.dataSource());
        Semaphore pool = new Semaphore(2);
        ConnectionSupplier supplier = new ConnectionSupplier() {
            @Override
            public Connection currentConnection() throws SQLException {
                try {
                    if (!pool.tryAcquire(1, TimeUnit.SECONDS)) {
                        throw new SQLException("pool exhausted: a connection was never given back");
                    }
                } catch (InterruptedException e) {
                    throw new SQLException(e);
                }
                return db.dataSource().getConnection();
            }

            @Override
            public void release(Connection connection) throws SQLException {
                connection.close();
                pool.release();
            }
        };
        UserDionysusPublisher publisher = new UserDionysusPublisher(
                Outbox.builder().connectionSupplier(supplier).build());
        User user = user(10, "Outside");
        List<Runnable> calls = List.of(() -> publisher.created(user), () -> publisher.updated(user),
                () -> publisher.updated(user, Set.of("name")), () -> publisher.updated(user, Set.of()),
                () -> publisher.destroyed(user), () -> publisher.tombstone(user), () -> publisher.genesis(user),
                () -> publisher.created(user), () -> publisher.created(user), () -> publisher.created(user));
        for (Runnable call : calls) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, call::run);
            assertTrue(refused.getMessage().startsWith("no transaction is running (the ConnectionSupplier gave a"
                    + " connection in auto-commit mode, now given back)"), refused.getMessage());
        }
        assertEquals(2, pool.availablePermits(), "every refused connection was given back");
        assertTrue(OutboxRows.all(db.dataSource()).isEmpty(), "nothing was written");

        Connection connection = supplier.currentConnection();
        try {
            connection.setAutoCommit(false);
            publisher.created(connection, user);
            connection.commit();
        } finally {
            supplier.release(connection);
        }
        assertEquals(1, OutboxRows.all(db.dataSource()).size());
    }

    private interface Work {
        void run();
    }

    private void inTransaction(TestDatabase db, boolean commit, Work work) throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            transaction.set(connection);
            try {
                work.run();
            } finally {
                transaction.remove();
            }
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        }
    }

    private static User user(long id, String name) {
        User user = new User(name);
        user.setId(id);
        user.setCreatedAt(Instant.parse("2024-01-16T09:00:00Z"));
        user.setUpdatedAt(Instant.parse("2024-01-16T09:00:00Z"));
        return user;
    }
}
