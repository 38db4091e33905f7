package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.H2;
import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Publish after commit: a commit in this JVM wakes the sleeping relay; the poll stays the safety net. */
@ExtendWith(KafkaExtension.class)
class OutboxRelayWakeTest {

    @AllDatabases({H2, POSTGRESQL})
    void aCommitSignalWakesARelaySleepingLongerThanTheTestWaits(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_wake");
        kafka.createTopic(topic, 1);
        Outbox outbox = Outbox.builder().build();
        CountDownLatch sleeping = new CountDownLatch(1);
        OutboxRelayListener listener = new OutboxRelayListener() {
            @Override
            public void heartbeat() {
                sleeping.countDown();
            }
        };
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .idleSleep(Duration.ofMinutes(2), Duration.ofMinutes(2)).wakeOn(outbox.commitSignal())
                .listener(listener).build()) {
            relay.start();
            assertTrue(sleeping.await(30, TimeUnit.SECONDS), "the first, empty iteration ended");
            try (Connection connection = db.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                outbox.insert(connection, List.of(new OutboxEntry("User", "1", "user_created", topic, null, "User:1",
                        "{}", null)));
                connection.commit();
            }
            outbox.committed();
            // the relay sleeps two minutes after an empty iteration: only the wake publishes the row within this wait
            assertEquals(1, kafka.awaitRecords(topic, 1, Duration.ofSeconds(30)).size());
        }
    }

    @AllDatabases(H2)
    void theOutboxAsksItsConnectionSupplierToSignalAfterTheCommit(TestDatabase db) throws SQLException {
        OutboxSchema.install(db.dataSource());
        List<Runnable> afterCommit = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            ConnectionSupplier supplier = new ConnectionSupplier() {
                @Override
                public Connection currentConnection() {
                    return connection;
                }

                @Override
                public void release(Connection ignored) {
                }

                @Override
                public boolean afterCommit(Runnable action) {
                    afterCommit.add(action);
                    return true;
                }
            };
            Outbox outbox = Outbox.builder().connectionSupplier(supplier).build();
            AtomicInteger signals = new AtomicInteger();
            try (AutoCloseable listening = outbox.commitSignal().listen(signals::incrementAndGet)) {
                outbox.insert(List.of());
                assertEquals(0, afterCommit.size(), "nothing written, nothing to signal");
                outbox.insert(List.of(new OutboxEntry("User", "1", "user_created", "t", null, "User:1", "{}", null)));
                assertEquals(1, afterCommit.size());
                assertEquals(0, signals.get(), "not before the commit");
                connection.commit();
                afterCommit.forEach(Runnable::run);
                assertEquals(1, signals.get());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theIdleSleepMustBePositiveAndItsShortestAtMostItsLongest() {
        OutboxRelay.Builder builder = OutboxRelay.builder(new org.h2.jdbcx.JdbcDataSource(), "localhost:9092");
        assertThrows(IllegalArgumentException.class, () -> builder.idleSleep(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> builder.idleSleep(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
