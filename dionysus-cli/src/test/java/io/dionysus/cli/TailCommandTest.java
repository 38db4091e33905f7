package io.dionysus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.example.producer.User;
import io.dionysus.example.producer.UserDionysusPublisher;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestDatabases;
import io.dionysus.testkit.TestKafka;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code tail} decodes what the demo's {@code User} publisher sent through the relay, as a consumer reads it, and
 * shows tombstones and foreign values for what they are.
 */
@ExtendWith(KafkaExtension.class)
class TailCommandTest {

    @Test
    void printsTheDemosMessages(TestKafka kafka) throws Exception {
        TestDatabase db = TestDatabases.create(TestDatabase.Kind.H2);
        OutboxSchema.install(db.dataSource());
        String topic = "dionysus_demo_users";
        kafka.createTopic(topic, 1);
        int before = kafka.readAll(topic).size();
        UserDionysusPublisher publisher = new UserDionysusPublisher(Outbox.builder().build());
        User user = new User("Dionysus");
        user.setId(4242L);
        user.setCreatedAt(Instant.parse("2026-11-26T09:47:57.795Z"));
        user.setUpdatedAt(Instant.parse("2026-11-26T09:47:57.795Z"));
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            publisher.created(connection, user);
            user.setName("Bacchus \u003c3");
            publisher.updated(connection, user);
            connection.commit();
        }
        try (OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).build()) {
            assertEquals(2, relay.publishPending(Duration.ofSeconds(30)));
        }
        kafka.send(topic, "User:4242", null);
        kafka.send(topic, "User:4242", "null");
        kafka.send(topic, "not-ours", "{\"hello\":1}");

        Cli tail = Cli.run("tail", topic, "--from", String.valueOf(before), "--max-messages", "5",
                "--bootstrap-servers", kafka.bootstrapServers());
        assertEquals(0, tail.exitCode(), tail.toString());
        String out = tail.out();
        assertTrue(out.matches("(?s)── dionysus_demo_users/0 @" + before + "  20\\S+Z  key User:4242\n"
                + "user_created User id 4242\n"
                + "\\{\n  \"message\" : \\[ \\{\n    \"event\" : \"user_created\",\n    \"model_name\" : \"User\",\n"
                + "    \"data\" : \\[ \\{\n      \"name\" : \"Dionysus\",\n      \"id\" : 4242,\n"
                + "      \"created_at\" : \"2026-11-26T09:47:57.795Z\",\n"
                + "      \"updated_at\" : \"2026-11-26T09:47:57.795Z\",\n      \"links\" : \\{ \\}\n.*"), out);
        assertTrue(out.contains("user_updated User id 4242\n"), out);
        assertTrue(out.contains("\"name\" : \"Bacchus <3\""), out);
        assertTrue(tail.err().contains(TailCommand.PRETTY_NOTICE), "the decoded escapes are said: " + tail.err());
        assertTrue(out.contains("key User:4242\ntombstone (a Kafka null value)\n"), out);
        assertTrue(out.contains("key User:4242\ntombstone (the text null)\n"), out);
        assertTrue(out.contains("key not-ours\nnot a Dionysus message: not a Dionysus envelope: no \"message\""
                + " array in {\"hello\":1}\n{\"hello\":1}\n"), out);

        Cli raw = Cli.run("tail", topic, "--from", String.valueOf(before), "-n", "1", "--raw",
                "--bootstrap-servers", kafka.bootstrapServers());
        assertTrue(raw.out().contains("\n{\"message\":[{\"event\":\"user_created\",\"model_name\":\"User\",\"data\":"
                + "[{\"name\":\"Dionysus\",\"id\":4242,\"created_at\":\"2026-11-26T09:47:57.795Z\",\"updated_at\":"
                + "\"2026-11-26T09:47:57.795Z\",\"links\":{}}]}]}\n"), raw.out());

        Cli idle = Cli.run("tail", topic, "--from", "latest", "--idle-exit", "1s", "--bootstrap-servers",
                kafka.bootstrapServers());
        assertEquals(0, idle.exitCode(), idle.toString());
        assertEquals("", idle.out(), "nothing new arrived");
    }

    @Test
    void aMissingTopicOrABadStartIsAClearError(TestKafka kafka) {
        Cli bad = Cli.run("tail", "t", "--from", "yesterday", "--bootstrap-servers", kafka.bootstrapServers());
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("--from takes beginning, latest or an offset (0 or more), not 'yesterday'"),
                bad.err());
    }
}
