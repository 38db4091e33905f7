package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.H2;
import static io.dionysus.testkit.TestDatabase.Kind.MARIADB;
import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

class OutboxSchemaTest {

    private static final int REPLICAS = 6;
    private static final int ROUNDS = 8;

    /** Replicas of a service starting together each install the schema on a fresh database: every call succeeds. */
    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void replicasInstallingAtOnceAllSucceed(TestDatabase db) throws Exception {
        List<String> failures = new ArrayList<>();
        ExecutorService replicas = Executors.newFixedThreadPool(REPLICAS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                if (round > 0) {
                    db.execute("DROP TABLE dionysus_outboxes");
                }
                CyclicBarrier together = new CyclicBarrier(REPLICAS);
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < REPLICAS; i++) {
                    calls.add(replicas.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        OutboxSchema.install(db.dataSource());
                        return null;
                    }));
                }
                for (Future<?> call : calls) {
                    try {
                        call.get(60, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        Throwable cause = e.getCause();
                        failures.add(cause + (cause.getCause() != null ? " / " + cause.getCause() : ""));
                    }
                }
            }
        } finally {
            replicas.shutdownNow();
        }
        assertEquals(List.of(), failures, failures.size() + " of " + REPLICAS * ROUNDS + " calls failed");

        try (Connection connection = db.dataSource().getConnection()) {
            Outbox.builder().build().insert(connection, List.of(new OutboxEntry("User", "1", "user_created", "t",
                    null, "User:1", "{}", null)));
        }
        assertEquals(1, OutboxRows.unpublished(db.dataSource()).size(), "the installed table works");
    }

    /**
     * Replicas upgrading a table of an earlier version (without {@code skipped_at}) at once: every call succeeds.
     * On H2 a concurrent {@code ALTER TABLE … ADD COLUMN} rebuilds the table, and the others saw it missing or locked.
     */
    @AllDatabases({H2, POSTGRESQL})
    void replicasUpgradingAnEarlierTableAtOnceAllSucceed(TestDatabase db) throws Exception {
        Dialect dialect = db.kind() == TestDatabase.Kind.H2 ? Dialect.H2 : Dialect.POSTGRESQL;
        List<String> earlier = OutboxSchema.statements(dialect).stream()
                .map(sql -> sql.replaceAll("(?m)^\\s*skipped_at\\s+TIMESTAMP WITH TIME ZONE,\\s*$\\n?", ""))
                .toList();
        assertTrue(!earlier.get(0).contains("skipped_at"), earlier.get(0));
        List<String> failures = new ArrayList<>();
        ExecutorService replicas = Executors.newFixedThreadPool(REPLICAS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                db.execute("DROP TABLE IF EXISTS dionysus_outboxes");
                db.execute(earlier.toArray(String[]::new));
                db.execute("INSERT INTO dionysus_outboxes (resource_class, resource_id, event_name, topic,"
                        + " message_key, created_at, updated_at) VALUES ('User', '1', 'user_created', 't', 'User:1',"
                        + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                CyclicBarrier together = new CyclicBarrier(REPLICAS);
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < REPLICAS; i++) {
                    calls.add(replicas.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        OutboxSchema.install(db.dataSource());
                        return null;
                    }));
                }
                for (Future<?> call : calls) {
                    try {
                        call.get(60, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        Throwable cause = e.getCause();
                        failures.add(cause + (cause.getCause() != null ? " / " + cause.getCause() : ""));
                    }
                }
                List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
                assertEquals(1, rows.size(), "the row survived the upgrade");
                assertTrue(rows.get(0).containsKey("skipped_at"), rows.get(0).toString());
            }
        } finally {
            replicas.shutdownNow();
        }
        assertEquals(List.of(), failures, failures.size() + " of " + REPLICAS * ROUNDS + " calls failed");
    }
}
