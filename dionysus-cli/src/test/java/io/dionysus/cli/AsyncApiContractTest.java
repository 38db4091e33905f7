package io.dionysus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.example.producer.Account;
import io.dionysus.example.producer.AccountDionysusPublisher;
import io.dionysus.example.producer.Rental;
import io.dionysus.example.producer.RentalDionysusPublisher;
import io.dionysus.example.producer.User;
import io.dionysus.example.producer.UserDionysusPublisher;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.AsyncApiContract;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The example producer's AsyncAPI document (written by the processor, printed by {@code topics --asyncapi}) is the
 * golden one, is a valid AsyncAPI 3.0 document (the official JSON Schema, checked by networknt's validator, through
 * the test kit's {@link AsyncApiContract}), and every payload its models really write validates against the schema
 * of its message on its channel.
 */
class AsyncApiContractTest {

    @Test
    void theExamplesDocumentIsTheGoldenOne() throws IOException {
        Cli asyncApi = Cli.run("topics", "--asyncapi");
        assertEquals(0, asyncApi.exitCode(), asyncApi.toString());
        Path golden = Path.of("src/test/resources/asyncapi/example-producer.yaml");
        if (Boolean.getBoolean("dionysus.updateGoldens")) {
            Files.writeString(golden, asyncApi.out(), StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), asyncApi.out());
    }

    @Test
    void theDocumentIsValidAsyncApi3() {
        AsyncApiContract contract = AsyncApiContract.fromClassPath();
        assertEquals(1, contract.documents().size(), "the example producer's");
        assertEquals(List.of(), contract.documentErrors());

        // and the validator does check: a number is no channel address
        String broken = contract.documents().get(0).replace("    address: \"dionysus_demo_users\"\n",
                "    address: 42\n");
        assertTrue(!AsyncApiContract.of(broken).documentErrors().isEmpty(), "a number is no address");
    }

    @Test
    void everyPayloadTheExamplesWriteValidatesAgainstItsMessageSchema() throws Exception {
        AsyncApiContract contract = AsyncApiContract.fromClassPath();
        TestDatabase db = TestDatabases.create(TestDatabase.Kind.H2);
        OutboxSchema.install(db.dataSource());
        Outbox outbox = Outbox.builder().build();
        UserDionysusPublisher users = new UserDionysusPublisher(outbox);
        AccountDionysusPublisher accounts = new AccountDionysusPublisher(outbox);
        RentalDionysusPublisher rentals = new RentalDionysusPublisher(outbox);
        Instant now = Instant.parse("2026-11-29T10:00:00.123456Z");
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            User user = new User("Dionysus <3 & \u2028");
            user.setId(1L);
            user.setCreatedAt(now);
            user.setUpdatedAt(now);
            users.created(connection, user);
            user.setName(null);
            users.updated(connection, user);
            users.destroyed(connection, user);

            Account account = new Account("Olympus");
            account.setId(7L);
            account.setCreatedAt(now);
            account.setUpdatedAt(now);
            accounts.created(connection, account);
            Rental rental = new Rental("Villa", account);
            rental.setId(70L);
            rental.setCreatedAt(now);
            rental.setUpdatedAt(now);
            account.getRentals().add(rental);
            rentals.created(connection, rental);
            rentals.updated(connection, rental, Set.of("name"));
            account.getRentals().remove(rental);
            rentals.destroyed(connection, rental);
            accounts.destroyed(connection, account);

            // years outside 0000-9999, as the wire writes them (10000-…, -0001-…)
            User farOff = new User("far off");
            farOff.setId(2L);
            farOff.setCreatedAt(Instant.parse("+10000-01-01T00:00:00Z"));
            farOff.setUpdatedAt(Instant.parse("-0001-06-01T12:00:00Z"));
            users.created(connection, farOff);
            connection.commit();
        }

        List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
        List<String> checked = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String topic = (String) row.get("topic");
            String event = (String) row.get("event_name");
            String payload = (String) row.get("payload");
            assertEquals(List.of(), contract.payloadErrors(topic, event, payload), topic + " " + event + ": "
                    + payload);
            checked.add(topic + " " + event + (payload == null ? " tombstone" : ""));
        }
        assertTrue(rows.stream().map(row -> String.valueOf(row.get("payload"))).anyMatch(payload -> payload.contains(
                "\"created_at\":\"10000-01-01T00:00:00.000Z\",\"updated_at\":\"-0001-06-01T12:00:00.000Z\"")),
                "the far-off years were written and validated");
        assertTrue(checked.containsAll(List.of("dionysus_demo_users user_created", "dionysus_demo_users user_updated",
                "dionysus_demo_users user_destroyed", "dionysus_demo_accounts account_created",
                "dionysus_demo_accounts account_updated", "dionysus_demo_accounts account_destroyed",
                "dionysus_demo_rentals rental_created", "dionysus_demo_rentals rental_updated",
                "dionysus_demo_rentals rental_destroyed")), checked.toString());

        // and the schemas do check: a time of 6 fraction digits is refused
        String wrongTime = "{\"message\":[{\"event\":\"user_created\",\"model_name\":\"User\",\"data\":[{\"name\":"
                + "\"x\",\"id\":1,\"created_at\":\"2026-11-29T10:00:00.123456Z\",\"updated_at\":"
                + "\"2026-11-29T10:00:00.123Z\",\"links\":{}}]}]}";
        assertEquals(1, contract.payloadErrors("dionysus_demo_users", "user_created", wrongTime).size());
        assertEquals(List.of(), contract.payloadErrors("dionysus_demo_users", "user_created",
                wrongTime.replace(".123456Z", ".123Z")));
        assertEquals(1, contract.payloadErrors("dionysus_demo_users", "user_destroyed", "{}").size());
    }
}
