package io.dionysus.runtime.outbox;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Gives the JDBC connection of the transaction that is running now, for publishers called without an explicit
 * connection. With Spring: {@code () -> DataSourceUtils.getConnection(dataSource)}; with Hibernate, pass the
 * connection from {@code session.doWork(...)} explicitly instead. The connection is used, never closed.
 */
@FunctionalInterface
public interface ConnectionSupplier {

    /** The current transaction's connection. */
    Connection currentConnection() throws SQLException;
}
