package io.dionysus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.dionysus.runtime.DionysusPublisher;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.spring.boot.it.SyncedUser;
import io.dionysus.spring.boot.it.User;
import io.dionysus.spring.boot.it.UserDionysusPublisher;
import io.dionysus.spring.boot.it.UserRepository;
import io.dionysus.testkit.OutboxRows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A zero-bean application: the starter's beans publish and consume the seed's {@code User}. Run on H2 and
 * embedded PostgreSQL by the subclasses.
 */
@SpringBootTest(classes = io.dionysus.spring.boot.it.TestApplication.class)
abstract class StarterTest {

    @Autowired
    UserRepository users;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    UserDionysusPublisher userPublisher;

    @Autowired
    DionysusPublisher<User> genericPublisher;

    @Autowired
    Outbox outbox;

    @org.junit.jupiter.api.BeforeEach
    void awaitTheConsumersPartition() throws InterruptedException {
        ConsumerLifecycle consumer = context.getBean(ConsumerLifecycle.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.consumer().status().assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the consumer got no partition");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aZeroBeanApplicationPublishesAndConsumesTheSeedsUser() throws InterruptedException {
        User user = users.save(new User("Dionysus"));
        Map<String, Object> synced = await(user.getId(), row -> row != null);
        assertEquals("Dionysus", synced.get("name"));
        assertTrue(((String) synced.get("synced_data")).startsWith("{\"name\":\"Dionysus\",\"synced_id\":"
                + user.getId()), synced.toString());

        user.setName("Bacchus");
        users.save(user);
        await(user.getId(), row -> row != null && "Bacchus".equals(row.get("name")));

        users.delete(user);
        await(user.getId(), row -> row == null);
    }

    @Test
    void everyGeneratedPublisherIsABeanWritingInTheRunningTransaction() {
        assertSame(userPublisher, genericPublisher);
        assertSame(outbox, userPublisher.outbox());
        User user = users.save(new User("Explicit"));
        long before = rows().size();
        transactions.executeWithoutResult(status -> userPublisher.updated(user, Set.of("name")));
        assertEquals(before + 1, rows().size());
        transactions.executeWithoutResult(status -> {
            userPublisher.updated(user);
            status.setRollbackOnly();
        });
        assertEquals(before + 1, rows().size(), "rolled back with the transaction");
    }

    @Test
    void aCommitThatWroteRowsSignalsTheRelayOncePerTransaction() throws Exception {
        AtomicInteger signals = new AtomicInteger();
        try (AutoCloseable listening = outbox.commitSignal().listen(signals::incrementAndGet)) {
            User user = users.save(new User("Woken")); // captured by Hibernate, committed by Spring's JPA manager
            assertEquals(1, signals.get(), "the captured insert's commit");
            transactions.executeWithoutResult(status -> {
                userPublisher.updated(user, Set.of("name"));
                userPublisher.updated(user);
            });
            assertEquals(2, signals.get(), "two explicit calls, one commit: one signal");
            transactions.executeWithoutResult(status -> {
                userPublisher.updated(user);
                status.setRollbackOnly();
            });
            assertEquals(2, signals.get(), "a rollback signals nothing");
            transactions.executeWithoutResult(status -> users.findAll());
            assertEquals(2, signals.get(), "a transaction that wrote no rows signals nothing");
        }
    }

    @Test
    void callsOutsideATransactionFailFastAndLeakNoConnection() {
        User user = users.save(new User("Outside"));
        long before = rows().size();
        for (int i = 0; i < 10; i++) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> userPublisher.created(user));
            assertTrue(refused.getMessage().startsWith("no transaction is running"), refused.getMessage());
        }
        // a leak of ten connections would have emptied the pool of two after the second call
        assertEquals(2, ((HikariDataSource) dataSource).getHikariConfigMXBean().getMaximumPoolSize());
        assertEquals(before, rows().size(), "nothing was written");
        assertNotNull(users.save(new User("Inside")).getId(), "the pool still serves transactions");
    }

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    OutboxEndpoint endpoint;

    @Test
    void metricsHealthAndTheEndpointAfterKnownTraffic() throws InterruptedException {
        double publishedBefore = count("dionysus.outbox.published");
        double appliedBefore = count("dionysus.consumer.applied");
        long consumerLatencyBefore = meters.get("dionysus.consumer.latency").timer().count();
        User first = users.save(new User("One"));
        User second = users.save(new User("Two"));
        await(first.getId(), row -> row != null);
        await(second.getId(), row -> row != null);
        awaitCount("dionysus.outbox.published", publishedBefore + 2);
        awaitCount("dionysus.consumer.applied", appliedBefore + 2);
        assertEquals(publishedBefore + 2, count("dionysus.outbox.published"), "exactly the two rows");
        assertTrue(meters.get("dionysus.outbox.latency").timer().count() >= 2);
        assertTrue(meters.get("dionysus.consumer.latency").timer().count() >= consumerLatencyBefore + 2);
        assertTrue(meters.get("dionysus.outbox.batch").timer().count() > 0);
        assertTrue(meters.get("dionysus.consumer.batch").timer().count() > 0);
        assertEquals(0.0, meters.get("dionysus.outbox.failing").gauge().value());
        assertNotNull(meters.get("dionysus.outbox.pending").gauge());
        assertNotNull(meters.get("dionysus.consumer.lag").gauge());

        Map.Entry<String, Map<String, Object>> relay = HealthProbe.health(context, "dionysusRelayHealthIndicator");
        assertEquals("UP", relay.getKey(), relay.toString());
        assertEquals(true, relay.getValue().get("brokerReachable"));
        Map.Entry<String, Map<String, Object>> consumer = HealthProbe.health(context,
                "dionysusConsumerHealthIndicator");
        assertEquals("UP", consumer.getKey(), consumer.toString());
        assertEquals(1, consumer.getValue().get("assignedPartitions"));

        Map<String, Object> outbox = endpoint.outbox();
        assertTrue(outbox.containsKey("topics") && outbox.containsKey("failed"), outbox.toString());
    }

    double count(String name) {
        return meters.find(name).tag("topic", "dionysus_demo_users").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    void awaitCount(String name, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count(name) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " stayed at " + count(name) + ", expected " + expected);
            }
            Thread.sleep(20);
        }
    }

    List<Map<String, Object>> rows() {
        return OutboxRows.all(dataSource);
    }

    Map<String, Object> await(long syncedId, java.util.function.Predicate<Map<String, Object>> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<Map<String, Object>> rows = OutboxRows.query(dataSource,
                    "SELECT * FROM synced_users WHERE synced_id = " + syncedId);
            Map<String, Object> row = rows.isEmpty() ? null : rows.get(0);
            if (condition.test(row)) {
                return row;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the consumer did not catch up within 60 s; last row: " + row
                        + "; outbox: " + rows());
            }
            Thread.sleep(50);
        }
    }

    static Class<?> syncedModel() {
        return SyncedUser.class;
    }
}
