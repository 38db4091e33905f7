package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On PostgreSQL an iteration that marks rows commits without waiting for the disk ({@code synchronous_commit} off
 * for that transaction only), unless the builder says otherwise; the connection's later transactions (the
 * application's, on a pooled connection) keep the server's setting.
 */
@ExtendWith(KafkaExtension.class)
class OutboxRelayCommitTest {

    @AllDatabases(POSTGRESQL)
    void anIterationCommitsWithoutWaitingForTheDiskAndLeavesTheConnectionsLaterTransactionsAlone(TestDatabase db,
            TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_commit");
        kafka.createTopic(topic, 1);
        try (Connection physical = db.dataSource().getConnection()) {
            OneConnection pool = new OneConnection(physical);
            try (Statement statement = physical.createStatement()) {
                // the test kit's server runs with it off (Zonky's default, for speed): on, as in production
                statement.execute("SET synchronous_commit TO on");
            }
            write(physical, topic, "1");
            try (OutboxRelay relay = OutboxRelay.builder(pool.dataSource(), kafka.bootstrapServers()).build()) {
                assertEquals(1, relay.publishBatch().published());
            }
            assertEquals(List.of("off"), pool.settingsAtCommit, "the relay's iteration");
            assertEquals("on", setting(physical), "the connection's next transaction");

            pool.settingsAtCommit.clear();
            write(physical, topic, "2");
            try (OutboxRelay relay = OutboxRelay.builder(pool.dataSource(), kafka.bootstrapServers())
                    .asynchronousCommit(false).build()) {
                assertEquals(1, relay.publishBatch().published());
            }
            assertEquals(List.of("on"), pool.settingsAtCommit, "asynchronousCommit(false): durable at commit");
        }
        assertEquals(2, kafka.readAll(topic).size());
    }

    /**
     * The setting is the iteration's only, whatever its end: an iteration that claimed nothing, and one whose commit
     * failed (rolled back, its row published again later), leave the connection's next transaction on the server's
     * setting.
     */
    @AllDatabases(POSTGRESQL)
    void anEmptyOrRolledBackIterationLeavesTheConnectionsLaterTransactionsAlone(TestDatabase db, TestKafka kafka)
            throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_commit_rollback");
        kafka.createTopic(topic, 1);
        try (Connection physical = db.dataSource().getConnection()) {
            OneConnection pool = new OneConnection(physical);
            try (Statement statement = physical.createStatement()) {
                statement.execute("SET synchronous_commit TO on");
            }
            try (OutboxRelay relay = OutboxRelay.builder(pool.dataSource(), kafka.bootstrapServers()).build()) {
                assertEquals(0, relay.publishBatch().claimed());
                assertEquals("on", setting(physical), "after an iteration that claimed nothing");

                write(physical, topic, "1");
                pool.failCommits = true;
                org.junit.jupiter.api.Assertions.assertThrows(OutboxException.class, relay::publishBatch);
                pool.failCommits = false;
                // an empty claim sets nothing (its probe is not read without a claimed row): nothing to wait for anyway
                assertEquals("off", pool.settingsAtCommit.get(pool.settingsAtCommit.size() - 1),
                        "the rolled-back iteration ran with it off");
                assertEquals("on", setting(physical), "after an iteration that was rolled back");
                assertEquals(1, relay.publishBatch().published(), "the rolled-back row goes again");
                assertEquals("on", setting(physical));
            }
        }
        assertEquals(2, kafka.readAll(topic).size(), "published again after the rollback");
    }

    private static void write(Connection connection, String topic, String id) throws SQLException {
        connection.setAutoCommit(false);
        Outbox.builder().build().insert(connection, List.of(new OutboxEntry("Thing", id, "thing_updated", topic, null,
                "Thing:" + id, "{}", null)));
        connection.commit();
        connection.setAutoCommit(true);
    }

    private static String setting(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW synchronous_commit")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /**
     * A pool of one physical connection (closing a handed-out connection keeps it open, as a pool does) that notes
     * {@code synchronous_commit} just before each commit. Only {@code getConnection()} is served.
     */
    private static final class OneConnection {
        private final Connection physical;
        final List<String> settingsAtCommit = new CopyOnWriteArrayList<>();
        volatile boolean failCommits;

        OneConnection(Connection physical) {
            this.physical = physical;
        }

        DataSource dataSource() {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("getConnection") || args != null) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        return connection();
                    });
        }

        private Connection connection() {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        if (method.getName().equals("commit")) {
                            settingsAtCommit.add(setting(physical));
                            if (failCommits) {
                                throw new SQLException("commit refused by the test");
                            }
                        }
                        try {
                            return method.invoke(physical, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
