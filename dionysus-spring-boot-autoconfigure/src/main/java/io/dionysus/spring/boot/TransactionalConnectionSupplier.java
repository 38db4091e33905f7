package io.dionysus.spring.boot;

import io.dionysus.runtime.outbox.ConnectionSupplier;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The connection of the Spring-managed transaction running on this thread ({@code @Transactional},
 * {@code TransactionTemplate}, JPA or JDBC transaction managers alike), or {@code null} when none runs: a publisher
 * call outside a transaction then fails fast, writes nothing and takes no connection from the pool.
 *
 * <p>A transaction that has committed (or rolled back) is not running any more, although Spring keeps its resources
 * bound while it calls {@code afterCommit} and {@code afterCompletion} callbacks (an
 * {@code @TransactionalEventListener(AFTER_COMMIT)}): a row written there would never be committed. The
 * {@link Completion} listener, which the starter registers with the transaction managers, marks each transaction as it
 * commits, and this supplier gives no connection from then on; in {@code afterCompletion} callbacks Spring has
 * already cleared the transaction's synchronizations, which tells the same. (A transaction manager that never
 * synchronizes, {@code SYNCHRONIZATION_NEVER}, cannot be told from no transaction.)
 */
public final class TransactionalConnectionSupplier implements ConnectionSupplier {

    private final DataSource dataSource;

    public TransactionalConnectionSupplier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection currentConnection() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                // in afterCompletion callbacks (where AFTER_COMMIT event listeners run) Spring has already cleared
                // the synchronizations of the completed transaction, though it still reports it active
                || !TransactionSynchronizationManager.isSynchronizationActive()
                // in afterCommit callbacks: marked by Completion
                || TransactionSynchronizationManager.getResource(Completion.KEY) instanceof State state
                && state.completed) {
            return null;
        }
        return DataSourceUtils.getConnection(dataSource);
    }

    @Override
    public void release(Connection connection) {
        DataSourceUtils.releaseConnection(connection, dataSource);
    }

    /**
     * Runs the action in the {@code afterCommit} callback of the Spring-managed transaction running on this thread
     * (the outbox wakes the relay with it); once per transaction where the {@link Completion} listener is registered,
     * as the starter does. Returns {@code false} when no transaction synchronization is active.
     */
    @Override
    public boolean afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return false;
        }
        if (TransactionSynchronizationManager.getResource(Completion.KEY) instanceof State state) {
            if (state.afterCommit) {
                return true;
            }
            state.afterCommit = true;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
        return true;
    }

    /** Whether the transaction it is bound to has completed, and whether its commit already runs an action. */
    private static final class State {
        volatile boolean completed;
        boolean afterCommit;
    }

    /**
     * Marks each Spring-managed transaction when it completes, so that {@link TransactionalConnectionSupplier} treats
     * its {@code afterCommit}/{@code afterCompletion} callbacks as outside it. Spring Boot applies
     * {@code TransactionExecutionListener} beans to its transaction managers.
     */
    public static final class Completion implements TransactionExecutionListener {

        static final Object KEY = new Object() {
            @Override
            public String toString() {
                return "dionysus transaction completion";
            }
        };

        @Override
        public void afterBegin(TransactionExecution transaction, Throwable beginFailure) {
            if (beginFailure != null || !TransactionSynchronizationManager.isSynchronizationActive()
                    || TransactionSynchronizationManager.hasResource(KEY)) {
                return;
            }
            State state = new State();
            TransactionSynchronizationManager.bindResource(KEY, state);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public int getOrder() {
                    return HIGHEST_PRECEDENCE; // marked before any other callback of the completion runs
                }

                @Override
                public void suspend() {
                    TransactionSynchronizationManager.unbindResource(KEY);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(KEY, state);
                }

                @Override
                public void afterCommit() {
                    state.completed = true;
                }

                @Override
                public void afterCompletion(int status) {
                    state.completed = true;
                    TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
                }
            });
        }
    }
}
