package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The relay's database connection killed again and again mid-iteration ({@code pg_terminate_backend} from another
 * connection: at random moments, and just before every third commit, after the sends were acknowledged), with {@code asynchronousCommit} on (the default) and the server's {@code synchronous_commit} on, as in
 * production, while writers commit rows of a few keys: no row is lost, and each key's messages end in id order
 * (the relay is at-least-once: a row sent by a killed iteration is sent again, so copies are allowed).
 */
@ExtendWith(KafkaExtension.class)
class OutboxRelayKilledConnectionTest {

    private static final String RELAY = "dionysus_relay_killed";
    private static final int WRITERS = 3;
    private static final int KEYS_PER_WRITER = 2;
    private static final int TRANSACTIONS = 80;

    @AllDatabases(POSTGRESQL)
    void aRelayWhoseConnectionIsKilledMidIterationLosesNoRowAndKeepsEachKeysOrder(TestDatabase db, TestKafka kafka)
            throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_killed");
        kafka.createTopic(topic, 3);
        // the relay's own connections, named so that the killer finds them; synchronous_commit on as in production
        // (the test kit's server runs with it off), so that the relay's iterations really commit asynchronously
        AtomicInteger commits = new AtomicInteger();
        DataSource relayConnections = named(db.dataSource(), commits);
        List<Throwable> writerErrors = new CopyOnWriteArrayList<>();
        AtomicInteger failedIterations = new AtomicInteger();
        AtomicInteger kills = new AtomicInteger();
        AtomicBoolean killing = new AtomicBoolean(true);
        Map<String, Integer> written = new ConcurrentHashMap<>();
        try (OutboxRelay relay = OutboxRelay.builder(relayConnections, kafka.bootstrapServers()).batchSize(7)
                .idleSleep(Duration.ofMillis(1), Duration.ofMillis(5)).errorSleep(Duration.ofMillis(5))
                .listener(new OutboxRelayListener() {
                    @Override
                    public void error(Throwable error) {
                        failedIterations.incrementAndGet();
                    }
                }).build()) {
            relay.start();
            Thread killer = new Thread(() -> {
                Random random = new Random(42);
                try (Connection connection = db.dataSource().getConnection();
                        Statement statement = connection.createStatement()) {
                    while (killing.get()) {
                        try (ResultSet rows = statement.executeQuery("SELECT count(*) FILTER (WHERE"
                                + " pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '" + RELAY
                                + "' AND pid <> pg_backend_pid()")) {
                            rows.next();
                            kills.addAndGet(rows.getInt(1));
                        }
                        Thread.sleep(1 + random.nextInt(15));
                    }
                } catch (Exception e) {
                    writerErrors.add(e);
                }
            });
            killer.start();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread thread = new Thread(() -> {
                    Random random = new Random(writer);
                    int[] next = new int[KEYS_PER_WRITER];
                    try (Connection connection = db.dataSource().getConnection()) {
                        connection.setAutoCommit(false);
                        for (int t = 0; t < TRANSACTIONS; t++) {
                            int k = random.nextInt(KEYS_PER_WRITER);
                            String key = "W" + writer + "k" + k;
                            List<OutboxEntry> entries = new ArrayList<>();
                            for (int r = 1 + random.nextInt(3); r > 0; r--) {
                                entries.add(new OutboxEntry("Thing", key, "thing_updated", topic, key,
                                        "Thing:" + key, key + ":" + ++next[k], null));
                            }
                            Outbox.builder().build().insert(connection, entries);
                            Thread.sleep(random.nextInt(5));
                            connection.commit();
                            written.put(key, next[k]);
                        }
                    } catch (Exception e) {
                        writerErrors.add(e);
                    }
                });
                writers.add(thread);
                thread.start();
            }
            for (Thread thread : writers) {
                thread.join();
            }
            killing.set(false);
            killer.join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!OutboxRows.unpublished(db.dataSource()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertEquals(List.of(), writerErrors);
        assertTrue(kills.get() > 0 && failedIterations.get() > 0,
                "the killer killed the relay's connection mid-iteration: " + kills + " kills, " + failedIterations
                        + " failed iterations");
        assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()), "no row left behind");

        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
            byKey.computeIfAbsent(record.value().split(":")[0], k -> new ArrayList<>()).add(record.value());
        }
        assertEquals(written.keySet(), byKey.keySet());
        int rows = written.values().stream().mapToInt(Integer::intValue).sum();
        int sent = byKey.values().stream().mapToInt(List::size).sum();
        assertTrue(sent > rows, "rows of killed iterations were sent again: " + sent + " messages, " + rows + " rows");
        for (Map.Entry<String, Integer> key : written.entrySet()) {
            List<String> expected = new ArrayList<>();
            for (int seq = 1; seq <= key.getValue(); seq++) {
                expected.add(key.getKey() + ":" + seq);
            }
            // every row reached the topic, and the last copy of each comes in id order
            assertEquals(expected, OutboxRelayTest.lastOccurrences(byKey.get(key.getKey())),
                    key.getKey() + " complete and in id order: " + byKey.get(key.getKey()));
        }
    }

    /**
     * The test kit's connections, each named {@link #RELAY} and with {@code synchronous_commit} on; every third commit
     * finds its connection killed just before it (after the iteration's sends were acknowledged and its marks
     * written: the worst moment), so the iteration is rolled back and its rows go again.
     */
    private static DataSource named(DataSource dataSource, AtomicInteger commits) {
        return (DataSource) Proxy.newProxyInstance(OutboxRelayKilledConnectionTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection") || args != null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Connection physical = dataSource.getConnection();
                    int pid;
                    try (Statement statement = physical.createStatement()) {
                        statement.execute("SET application_name = '" + RELAY + "'");
                        statement.execute("SET synchronous_commit TO on");
                        try (ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
                            rows.next();
                            pid = rows.getInt(1);
                        }
                    }
                    return Proxy.newProxyInstance(OutboxRelayKilledConnectionTest.class.getClassLoader(),
                            new Class<?>[] {Connection.class}, (p, m, a) -> {
                                if (m.getName().equals("commit") && commits.incrementAndGet() % 3 == 0) {
                                    try (Connection killer = dataSource.getConnection();
                                            Statement statement = killer.createStatement()) {
                                        statement.execute("SELECT pg_terminate_backend(" + pid + ")");
                                    }
                                }
                                try {
                                    return m.invoke(physical, a);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
    }
}
