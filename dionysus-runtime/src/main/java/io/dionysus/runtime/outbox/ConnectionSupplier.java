package io.dionysus.runtime.outbox;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Gives the JDBC connection of the transaction that is running now, for publishers called without an explicit
 * connection. The outbox uses the connection and never closes it.
 *
 * <p>The contract: return the running transaction's connection (auto-commit off), or {@code null} when no
 * transaction is running. A connection in auto-commit mode means "no transaction": the outbox gives it back with
 * {@link #release(Connection)} and throws, so a call outside a transaction writes nothing and holds nothing. A
 * supplier must never hand out a fresh connection with auto-commit off (e.g. from a pool configured so): the outbox
 * cannot tell it from a transaction's, and rows written on it would never be committed.
 *
 * <p>With Spring, the starter configures one; by hand:
 * <pre>{@code
 * ConnectionSupplier supplier = new ConnectionSupplier() {
 *     public Connection currentConnection() {
 *         return TransactionSynchronizationManager.isActualTransactionActive()
 *                 ? DataSourceUtils.getConnection(dataSource) : null;
 *     }
 *     public void release(Connection connection) {
 *         DataSourceUtils.releaseConnection(connection, dataSource);
 *     }
 * };
 * }</pre>
 * With Hibernate, add {@code dionysus-hibernate} and let it capture changes, or pass the connection from
 * {@code session.doWork(...)} explicitly.
 */
@FunctionalInterface
public interface ConnectionSupplier {

    /**
     * The current transaction's connection, or {@code null} when no transaction is running.
     *
     * @throws SQLException when the connection cannot be had
     */
    Connection currentConnection() throws SQLException;

    /**
     * Gives back a connection that {@link #currentConnection()} returned but the outbox refused: it was in
     * auto-commit mode, so no transaction was running and nobody else will close it. Default: {@code close()}, which
     * returns a pooled connection to its pool (the case of {@code dataSource::getConnection} and of Spring's
     * {@code DataSourceUtils.getConnection} outside a transaction).
     *
     * @throws SQLException when giving it back fails
     */
    default void release(Connection connection) throws SQLException {
        connection.close();
    }

    /**
     * Runs {@code action} once the transaction of the connection {@link #currentConnection()} gave commits (not on
     * a rollback), in the committing thread; called by the outbox after it wrote rows there, to wake relays in this
     * JVM ({@link CommitSignal}). Returns whether it will: a supplier that cannot tell when the transaction commits
     * returns {@code false} (the default), and the rows are then found by the relay's next poll. An implementation
     * runs the action at most once per call; calling it several times in one transaction may run it once.
     */
    default boolean afterCommit(Runnable action) {
        return false;
    }
}
