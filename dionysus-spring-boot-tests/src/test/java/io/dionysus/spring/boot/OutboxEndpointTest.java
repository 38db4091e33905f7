package io.dionysus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.outbox.OutboxInspector;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code outbox} endpoint on a failed row that holds its key back: listed with the row waiting behind it;
 * retry makes it due; skip releases the key and the relay publishes the waiting row. Retention removes only old
 * published rows.
 */
@SpringBootTest(classes = io.dionysus.spring.boot.it.TestApplication.class, properties = {
        "dionysus.consumer.enabled=false", "dionysus.outbox.retention.published-rows=1h",
        "dionysus.outbox.retention.interval=200ms"})
class OutboxEndpointTest {

    @Autowired
    OutboxEndpoint endpoint;

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Databases.register(TestDatabase.Kind.POSTGRESQL, registry);
        registry.add("dionysus.schema.mode", () -> "always");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsRetriesAndSkipsAFailedRow() throws InterruptedException {
        // a row that failed (its retry an hour away; too large for the broker, so a retry fails again) and a later
        // row of its key, held back behind it
        execute("INSERT INTO dionysus_outboxes (resource_class, resource_id, event_name, topic, partition_key,"
                + " message_key, payload, attempts, created_at, updated_at, failed_at, retry_at, error_class,"
                + " error_message) VALUES ('User', '900', 'user_created', 'dionysus_demo_users', 'acct-9', 'User:900',"
                + " repeat('x', 2000000), 3, now(), now(), now(), now() + interval '1 hour',"
                + " 'RecordTooLargeException', 'too large'),"
                + " ('User', '901', 'user_created', 'dionysus_demo_users', 'acct-9', 'User:901', '{}', 0, now(),"
                + " now(), NULL, NULL, NULL, NULL)");
        Map<String, Object> listed = endpoint.outbox();
        List<OutboxInspector.FailedRow> failed = (List<OutboxInspector.FailedRow>) listed.get("failed");
        assertEquals(1, failed.size(), listed.toString());
        OutboxInspector.FailedRow row = failed.get(0);
        assertEquals("RecordTooLargeException", row.errorClass());
        assertEquals(1, row.waiting());

        // retried now, it fails again (the relay is running); the runtime's tests pin the retry time itself
        assertEquals(true, endpoint.act(row.id(), "retry").get("done"));
        assertThrows(org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException.class,
                () -> endpoint.act(row.id(), "delete"));
        assertEquals(false, endpoint.act(row.id() + 1, "skip").get("done"), "a row that never failed is not skipped");

        assertEquals(true, endpoint.act(row.id(), "skip").get("done"));
        awaitPublished("901");
        Map<String, Object> skipped = OutboxRows.query(dataSource,
                "SELECT * FROM dionysus_outboxes WHERE id = " + row.id()).get(0);
        assertNotNull(skipped.get("skipped_at"));
        assertTrue(((Number) skipped.get("attempts")).intValue() >= 3, "kept for audit, never sent");
        // the inserted error, or the relay's own if it failed the retried row again before the skip
        assertTrue(String.valueOf(skipped.get("error_class")).endsWith("RecordTooLargeException"),
                String.valueOf(skipped.get("error_class")));
    }

    @Test
    void retentionDeletesOnlyOldPublishedRows() throws InterruptedException {
        execute("INSERT INTO dionysus_outboxes (resource_class, resource_id, event_name, topic, message_key, payload,"
                + " attempts, created_at, updated_at, published_at) VALUES"
                + " ('User', '800', 'user_created', 'old_topic', 'User:800', '{}', 0, now() - interval '2 days',"
                + " now(), now() - interval '2 hours'),"
                + " ('User', '801', 'user_created', 'old_topic', 'User:801', '{}', 0, now(), now(),"
                + " now() - interval '10 minutes')");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!OutboxRows.query(dataSource, "SELECT * FROM dionysus_outboxes WHERE resource_id = '800'").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the old published row was not deleted");
            }
            Thread.sleep(100);
        }
        assertEquals(1, OutboxRows.query(dataSource, "SELECT * FROM dionysus_outboxes WHERE resource_id = '801'")
                .size(), "published ten minutes ago: kept");
    }

    private void awaitPublished(String resourceId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (OutboxRows.query(dataSource, "SELECT * FROM dionysus_outboxes WHERE resource_id = '" + resourceId
                + "' AND published_at IS NOT NULL").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("row of " + resourceId + " was not published: "
                        + OutboxRows.all(dataSource));
            }
            Thread.sleep(50);
        }
    }

    private void execute(String sql) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
