package io.dionysus.cli;

import static io.dionysus.cli.OutboxStatusCommandTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.outbox.OutboxEntry;
import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code outbox failed}, {@code retry} and {@code skip} against rows the real relay failed on the test kit's broker:
 * a row larger than its topic allows fails; retried once the topic allows it, it is published; skipped, it is never
 * published and the later row of its key, held back behind it, goes out.
 */
@ExtendWith(KafkaExtension.class)
class OutboxFailedRowsCommandTest {

    private static final String BIG = "{\"text\":\"" + "x".repeat(3000) + "\"}";

    @AllDatabases
    void failedThenRetriedIsPublished(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("cli_retry");
        kafka.createTopic(topic, 1, Map.of("max.message.bytes", "1000"));
        try (OutboxRelay relay = relay(db, kafka)) {
            OutboxStatusCommandTest.insert(db, Instant.now(), entry(1, topic, "acct-1", BIG));
            assertEquals(1, relay.publishBatch().failed());

            Cli failed = Cli.run("outbox", "failed", "--jdbc-url", db.jdbcUrl(), "--jdbc-user", user(db));
            assertEquals(0, failed.exitCode(), failed.toString());
            assertTrue(failed.out().startsWith("ID  TOPIC"), failed.out());
            assertTrue(failed.out().matches("(?s).*\n 1  " + topic + "  User:1\\s+acct-1\\s+1  20\\S+Z\\s+0  "
                    + "org.apache.kafka.common.errors.RecordTooLargeException: .*"), failed.out());

            Cli dryRun = Cli.run("outbox", "retry", "--topic", topic, "--dry-run", "--jdbc-url", db.jdbcUrl(),
                    "--jdbc-user", user(db));
            assertEquals(0, dryRun.exitCode(), dryRun.toString());
            assertTrue(dryRun.out().startsWith("Dry run: would retry 1 failed row:"), dryRun.out());
            assertEquals(0, relay.publishBatch().claimed(), "a dry run changes nothing: the row still backs off");

            kafka.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "100000"),
                            AlterConfigOp.OpType.SET)))).all().get();
            // the broker applies a topic's new config a moment after acknowledging it
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!OutboxRows.unpublished(db.dataSource()).isEmpty() && System.nanoTime() < deadline) {
                Cli retry = Cli.run("outbox", "retry", "--id", "1", "--jdbc-url", db.jdbcUrl(), "--jdbc-user",
                        user(db));
                assertEquals(0, retry.exitCode(), retry.toString());
                assertTrue(retry.out().startsWith("Retried 1 failed row; the relay sends them in its next"
                        + " iteration."), retry.out());
                relay.publishBatch();
            }
            assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));
            List<ConsumerRecord<String, String>> records = kafka.readAll(topic);
            assertEquals(List.of("User:1"), records.stream().map(ConsumerRecord::key).toList());
            assertEquals(BIG, records.get(0).value());

            Cli none = Cli.run("outbox", "retry", "--id", "1", "--jdbc-url", db.jdbcUrl(), "--jdbc-user", user(db));
            assertEquals(1, none.exitCode(), none.toString());
            assertTrue(none.err().contains("no failed row of id 1 to retry"), none.err());
        }
    }

    @AllDatabases
    void skippingReleasesTheStalledKeysLaterRows(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("cli_skip");
        kafka.createTopic(topic, 1, Map.of("max.message.bytes", "1000"));
        try (OutboxRelay relay = relay(db, kafka)) {
            OutboxStatusCommandTest.insert(db, Instant.now(), entry(1, topic, "acct-1", BIG));
            assertEquals(1, relay.publishBatch().failed());
            OutboxStatusCommandTest.insert(db, Instant.now(), entry(2, topic, "acct-1", "{\"text\":\"small\"}"),
                    entry(3, topic, "acct-2", "{\"text\":\"other key\"}"));
            relay.publishBatch();
            assertEquals(List.of(1L, 2L), OutboxRows.unpublished(db.dataSource()).stream()
                    .map(row -> ((Number) row.get("id")).longValue()).toList(), "row 2 waits behind row 1");

            Cli status = Cli.run("outbox", "status", "--json", "--jdbc-url", db.jdbcUrl(), "--jdbc-user", user(db));
            assertTrue(status.out().contains("\"waiting\" : 1"), status.out());

            Cli dryRun = Cli.run("outbox", "skip", "--partition-key", "acct-1", "--dry-run", "--jdbc-url", db.jdbcUrl(),
                    "--jdbc-user", user(db));
            assertTrue(dryRun.out().startsWith("Dry run: would skip 1 failed row:"), dryRun.toString());
            assertEquals(2, OutboxRows.unpublished(db.dataSource()).size(), "a dry run changes nothing");

            Cli skip = Cli.run("outbox", "skip", "--partition-key", "acct-1", "--topic", topic, "--jdbc-url",
                    db.jdbcUrl(), "--jdbc-user", user(db));
            assertEquals(0, skip.exitCode(), skip.toString());
            assertTrue(skip.out().startsWith("Skipped 1 failed row; they are never published and are kept for"
                    + " audit"), skip.out());
            relay.publishBatch();

            assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));
            assertEquals(List.of("User:3", "User:2"), kafka.readAll(topic).stream().map(ConsumerRecord::key)
                    .toList(), "row 1 is never published; row 2 of its key went out after the skip");
            Map<String, Object> skipped = OutboxRows.query(db.dataSource(),
                    "SELECT * FROM dionysus_outboxes WHERE id = 1").get(0);
            assertNotNull(skipped.get("skipped_at"));
            assertEquals("org.apache.kafka.common.errors.RecordTooLargeException", skipped.get("error_class"));
            assertNull(OutboxRows.query(db.dataSource(), "SELECT skipped_at FROM dionysus_outboxes WHERE id = 2")
                    .get(0).get("skipped_at"));

            Cli after = Cli.run("outbox", "failed", "--jdbc-url", db.jdbcUrl(), "--jdbc-user", user(db));
            assertEquals("No failed rows.\n", after.out());
        }
    }

    @org.junit.jupiter.api.Test
    void retryAndSkipNeedASelection() {
        Cli retry = Cli.run("outbox", "retry", "--jdbc-url", "jdbc:h2:mem:x");
        assertEquals(2, retry.exitCode(), retry.toString());
        assertTrue(retry.err().contains("say which failed rows to retry: --id, --key, --partition-key and/or --topic"),
                retry.err());
        Cli skip = Cli.run("outbox", "skip", "--jdbc-url", "jdbc:h2:mem:x");
        assertEquals(2, skip.exitCode(), skip.toString());
    }

    private static OutboxRelay relay(TestDatabase db, TestKafka kafka) {
        // a failed row is not retried by itself during the test
        return OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .backoff(Duration.ofMinutes(10), Duration.ofMinutes(10)).build();
    }

    private static OutboxEntry entry(long id, String topic, String partitionKey, String payload) {
        return new OutboxEntry("User", String.valueOf(id), "user_created", topic, partitionKey, "User:" + id,
                payload, null);
    }
}
