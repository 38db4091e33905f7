package io.dionysus.example.producer;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A minimal JDBC transaction template, standing in for Spring's {@code TransactionTemplate} in the example. */
public final class Transactions {

    /** Work done on the transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    public Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs the work in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("transaction failed", e);
        }
    }
}
