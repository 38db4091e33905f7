package io.dionysus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.dionysus.example.producer.Account;
import io.dionysus.example.producer.AccountDionysusPublisher;
import io.dionysus.example.producer.Rental;
import io.dionysus.example.producer.RentalDionysusPublisher;
import io.dionysus.example.producer.User;
import io.dionysus.example.producer.UserDionysusPublisher;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * golden one, is a valid AsyncAPI 3.0 document (the official JSON Schema, checked by networknt's validator), and
 * every payload its models really write validates against the schema of its message on its channel.
 */
class AsyncApiContractTest {

    private static final String DOCUMENT = "https://dionysus.test/asyncapi.json";
    private static final String ASYNCAPI_SCHEMA = "https://dionysus.test/asyncapi-3.0.0.json";
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void theDocumentIsValidAsyncApi3() throws IOException {
        String document = document();
        Schema asyncApi = registry(document).getSchema(SchemaLocation.of(ASYNCAPI_SCHEMA));
        List<Error> errors = asyncApi.validate(document, InputFormat.YAML);
        assertEquals(List.of(), errors.stream().map(Error::toString).toList());

        // and the validator does check: a channel without its required shape is refused
        String broken = document.replace("    address: \"dionysus_demo_users\"\n", "    address: 42\n");
        assertTrue(!asyncApi.validate(broken, InputFormat.YAML).isEmpty(), "a number is no address");
    }

    @Test
    void everyPayloadTheExamplesWriteValidatesAgainstItsMessageSchema() throws Exception {
        String document = document();
        JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(document);
        SchemaRegistry registry = registry(document);

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
            connection.commit();
        }

        List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
        List<String> checked = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String topic = (String) row.get("topic");
            String event = (String) row.get("event_name");
            Object payload = row.get("payload");
            JsonNode messages = tree.path("channels").path(topic).path("messages");
            assertTrue(messages.isObject(), "no channel for " + topic);
            String message = payload == null ? event.replaceAll("_[a-z]+$", "") + "_tombstone" : event;
            JsonNode reference = messages.get(message);
            assertNotNull(reference, topic + " has no message " + message);
            String pointer = reference.get("$ref").asText() + "/payload";
            Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT + pointer));
            List<Error> errors = schema.validate(payload == null ? "null" : (String) payload, InputFormat.JSON);
            assertEquals(List.of(), errors.stream().map(Error::toString).toList(), topic + " " + event + ": "
                    + payload);
            checked.add(topic + " " + message);
        }
        assertTrue(checked.containsAll(List.of("dionysus_demo_users user_created", "dionysus_demo_users user_updated",
                "dionysus_demo_users user_destroyed", "dionysus_demo_accounts account_created",
                "dionysus_demo_accounts account_updated", "dionysus_demo_accounts account_destroyed",
                "dionysus_demo_rentals rental_created", "dionysus_demo_rentals rental_updated",
                "dionysus_demo_rentals rental_destroyed")), checked.toString());

        // and the schemas do check: a decimal-free record with a time of 6 fraction digits is refused
        Schema created = registry.getSchema(SchemaLocation.of(DOCUMENT
                + "#/components/messages/user_created/payload"));
        String wrongTime = "{\"message\":[{\"event\":\"user_created\",\"model_name\":\"User\",\"data\":[{\"name\":"
                + "\"x\",\"id\":1,\"created_at\":\"2026-11-29T10:00:00.123456Z\",\"updated_at\":"
                + "\"2026-11-29T10:00:00.123Z\",\"links\":{}}]}]}";
        assertEquals(1, created.validate(wrongTime, InputFormat.JSON).size());
        assertEquals(0, created.validate(wrongTime.replace(".123456Z", ".123Z"), InputFormat.JSON).size());
    }

    /** The document and the AsyncAPI schema, under IRIs of their own; draft-07 as the AsyncAPI schema declares. */
    private static SchemaRegistry registry(String document) throws IOException {
        String json = JSON.writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(document));
        String asyncApiSchema;
        try (InputStream in = AsyncApiContractTest.class.getResourceAsStream("/asyncapi/asyncapi-3.0.0.json")) {
            asyncApiSchema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                builder -> builder.schemas(Map.of(DOCUMENT, json, ASYNCAPI_SCHEMA, asyncApiSchema)));
    }

    private static String document() {
        try (InputStream in = AsyncApiContractTest.class.getClassLoader()
                .getResourceAsStream("META-INF/dionysus/asyncapi.yaml")) {
            assertNotNull(in, "the example producer's document is on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
