package io.dionysus.spring.boot;

import io.dionysus.runtime.outbox.ConnectionSupplier;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The connection of the Spring-managed transaction running on this thread ({@code @Transactional},
 * {@code TransactionTemplate}, JPA or JDBC transaction managers alike), or {@code null} when none runs: a publisher
 * call outside a transaction then fails fast, writes nothing and takes no connection from the pool.
 */
public final class TransactionalConnectionSupplier implements ConnectionSupplier {

    private final DataSource dataSource;

    public TransactionalConnectionSupplier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection currentConnection() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                ? DataSourceUtils.getConnection(dataSource) : null;
    }

    @Override
    public void release(Connection connection) {
        DataSourceUtils.releaseConnection(connection, dataSource);
    }
}
