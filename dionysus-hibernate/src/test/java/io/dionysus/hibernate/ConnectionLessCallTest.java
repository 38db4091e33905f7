package io.dionysus.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dionysus.hibernate.it.Jpa;
import io.dionysus.hibernate.it.User;
import io.dionysus.hibernate.it.UserDionysusPublisher;
import io.dionysus.runtime.outbox.ConnectionSupplier;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * The field report: outside a transaction, a connection-less explicit call took a pooled connection and never gave
 * it back, until the pool was empty. With a real pool of two, ten such calls are refused, give their connection
 * back and write nothing; then a normal transaction on the same pool still works.
 */
class ConnectionLessCallTest {

    @AllDatabases
    void callsOutsideATransactionLeakNoConnection(TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(db.dataSource());
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(1000);
        try (HikariDataSource pool = new HikariDataSource(config);
             Jpa jpa = Jpa.start(new TestDatabase(db.kind(), pool, db.jdbcUrl()))) {
            // what DataSourceUtils.getConnection does outside a transaction: a new pooled connection, auto-commit on
            ConnectionSupplier supplier = new ConnectionSupplier() {
                @Override
                public Connection currentConnection() throws SQLException {
                    return pool.getConnection();
                }

                @Override
                public void release(Connection connection) throws SQLException {
                    connection.close();
                }
            };
            UserDionysusPublisher users = new UserDionysusPublisher(
                    Outbox.builder().connectionSupplier(supplier).build());
            User user = new User("Outside");
            jpa.inTransaction(session -> session.persist(user));
            jpa.clearOutbox();
            List<Runnable> calls = List.of(() -> users.created(user), () -> users.updated(user, Set.of("name")),
                    () -> users.tombstone(user), () -> users.genesis(user), () -> users.destroyed(user),
                    () -> users.updated(user), () -> users.created(user), () -> users.created(user),
                    () -> users.created(user), () -> users.created(user));
            for (Runnable call : calls) {
                IllegalStateException refused = assertThrows(IllegalStateException.class, call::run);
                assertTrue(refused.getMessage().startsWith("no transaction is running"), refused.getMessage());
            }
            assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections(), "every connection was given back");
            assertEquals(List.of(), jpa.rows(), "nothing was written");

            jpa.inTransaction(session -> session.persist(new User("Inside")));
            assertEquals(List.of("user_created"), jpa.events(), "the pool still serves a normal transaction");
        }
    }
}
