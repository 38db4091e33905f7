package io.dionysus.example.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.internal.JsonValues;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example producer (JPA through Hibernate, no publisher call) on real databases and a real broker: outbox rows
 * in the business transaction, relayed.
 */
@ExtendWith(KafkaExtension.class)
class ProducerIntegrationTest {

    private static final String USERS_TOPIC = "dionysus_demo_users";

    @AllDatabases
    void theOutboxRowIsWrittenInTheCallersTransaction(TestDatabase db, TestKafka kafka) {
        try (ProducerApplication app = new ProducerApplication(db.dataSource(), kafka.bootstrapServers(),
                OutboxRelayListener.NONE)) {
            User user = app.users().create("Dionysus");
            List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
            assertEquals(1, rows.size());
            Map<String, Object> row = rows.get(0);
            assertEquals("User", row.get("resource_class"));
            assertEquals(String.valueOf(user.getId()), row.get("resource_id"));
            assertEquals("user_created", row.get("event_name"));
            assertEquals("dionysus_demo_users", row.get("topic"));
            assertEquals("User:" + user.getId(), row.get("message_key"));
            assertNull(row.get("partition_key"));
            assertNull(row.get("published_at"));
            assertEquals(0, ((Number) row.get("attempts")).intValue());

            assertThrows(IllegalStateException.class, () -> app.jpa().inTransaction(entityManager -> {
                entityManager.persist(new User("Rolled back"));
                entityManager.flush();
                throw new IllegalStateException("business rule failed after the insert");
            }));
            assertEquals(1, OutboxRows.all(db.dataSource()).size(), "the rollback took the outbox row with it");
            assertEquals(1, OutboxRows.query(db.dataSource(), "SELECT * FROM users").size());
        }
    }

    @AllDatabases
    void createUpdateDestroyArePublishedWithTheExactBytesKeysAndTopic(TestDatabase db, TestKafka kafka) {
        kafka.createTopic(USERS_TOPIC, 1);
        int before = kafka.readAll(USERS_TOPIC).size();
        try (ProducerApplication app = new ProducerApplication(db.dataSource(), kafka.bootstrapServers(),
                OutboxRelayListener.NONE)) {
            User user = app.users().create("Dionysus");
            String created = record(user);
            User renamed = app.users().rename(user, "Bacchus");
            String updated = record(renamed);
            app.users().destroy(user);
            assertEquals(3, app.relay().publishPending(Duration.ofSeconds(30)));

            List<ConsumerRecord<String, String>> records = kafka.readAll(USERS_TOPIC);
            List<ConsumerRecord<String, String>> mine = records.subList(before, records.size()).stream()
                    .filter(r -> r.key().equals("User:" + user.getId())).toList();
            assertEquals(3, mine.size(), "other tests share the topic; this user's three messages: " + records);
            assertEquals(envelope("user_created", created), mine.get(0).value());
            assertEquals(envelope("user_updated", updated), mine.get(1).value());
            assertEquals(envelope("user_destroyed", "{\"links\":{},\"id\":" + user.getId() + "}"),
                    mine.get(2).value());
            for (Map<String, Object> row : OutboxRows.all(db.dataSource())) {
                assertNotNull(row.get("published_at"), row.toString());
            }
        }
    }

    @AllDatabases
    void creatingARentalRepublishesItsAccountWithTheNewRentalsCount(TestDatabase db, TestKafka kafka) {
        kafka.createTopic("dionysus_demo_accounts", 1);
        kafka.createTopic("dionysus_demo_rentals", 1);
        int before = kafka.readAll("dionysus_demo_accounts").size();
        try (ProducerApplication app = new ProducerApplication(db.dataSource(), kafka.bootstrapServers(),
                OutboxRelayListener.NONE)) {
            Account account = app.accounts().createAccount("Smily");
            Rental rental = app.accounts().createRental(account, "Villa Saganaki");
            List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
            assertEquals(List.of("account_created", "rental_created", "account_updated"),
                    rows.stream().map(r -> r.get("event_name")).toList(), "written with the rental, in its transaction");
            assertEquals(String.valueOf(account.getId()), rows.get(1).get("partition_key"), "rentals by account");
            app.accounts().destroyRental(rental);
            assertEquals(5, app.relay().publishPending(Duration.ofSeconds(30)));

            List<ConsumerRecord<String, String>> all = kafka.readAll("dionysus_demo_accounts");
            List<String> accountMessages = all.subList(before, all.size()).stream()
                    .filter(r -> r.key().equals("Account:" + account.getId())).map(ConsumerRecord::value).toList();
            assertEquals(3, accountMessages.size());
            String created = accountMessages.get(1);
            String rentalRecord = "{\"id\":" + rental.getId() + ",\"name\":\"Villa Saganaki\",\"created_at\":\""
                    + JsonValues.instantText(rental.getCreatedAt()) + "\",\"updated_at\":\""
                    + JsonValues.instantText(rental.getUpdatedAt()) + "\",\"links\":{\"account\":" + account.getId()
                    + "}}";
            assertEquals("{\"message\":[{\"event\":\"account_updated\",\"model_name\":\"Account\",\"data\":[{"
                    + "\"id\":" + account.getId() + ",\"name\":\"Smily\",\"created_at\":\""
                    + JsonValues.instantText(account.getCreatedAt()) + "\",\"updated_at\":\""
                    + JsonValues.instantText(account.getUpdatedAt()) + "\",\"rentals_count\":1,\"links\":{\"rentals\":["
                    + rental.getId() + "]},\"rentals\":[" + rentalRecord + "]}]}]}", created);
            assertTrue(accountMessages.get(2).contains("\"rentals_count\":0,\"links\":{\"rentals\":[]},\"rentals\":[]"),
                    "destroying the rental republished the account without it: " + accountMessages.get(2));
        }
    }

    /** Reference P13 on the wire: a resolver's key as it is; a null resolver key partitions by the message key. */
    @AllDatabases
    void resolverPartitionKeysReachThePartitionsARubyProducerPicks(TestDatabase db, TestKafka kafka)
            throws java.sql.SQLException {
        String topic = "v3_payments";
        kafka.createTopic(topic, 12);
        io.dionysus.runtime.outbox.OutboxSchema.install(db.dataSource());
        PaymentDionysusPublisher payments = new PaymentDionysusPublisher(
                io.dionysus.runtime.outbox.Outbox.builder().build());
        long base = System.nanoTime() % 1_000_000 * 10;
        try (java.sql.Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            payments.created(connection, new Payment(base + 1, "acc-7"));
            payments.created(connection, new Payment(base + 2, null));
            connection.commit();
        }
        try (io.dionysus.runtime.outbox.OutboxRelay relay = io.dionysus.runtime.outbox.OutboxRelay
                .builder(db.dataSource(), kafka.bootstrapServers()).build()) {
            assertEquals(2, relay.publishPending(Duration.ofSeconds(30)));
        }
        Map<String, Integer> partitions = new java.util.HashMap<>();
        for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
            partitions.put(record.key(), record.partition());
        }
        assertEquals(io.dionysus.runtime.outbox.RubyPartitioner.partition("acc-7", 12),
                partitions.get("Payment:" + (base + 1)));
        assertEquals(io.dionysus.runtime.outbox.RubyPartitioner.partitionForMessageKey("Payment:" + (base + 2), 12),
                partitions.get("Payment:" + (base + 2)), "CRC-32 of the message key, as librdkafka without a key");
    }

    private static String record(User user) {
        return "{\"name\":\"" + user.getName() + "\",\"id\":" + user.getId() + ",\"created_at\":\""
                + JsonValues.instantText(user.getCreatedAt()) + "\",\"updated_at\":\""
                + JsonValues.instantText(user.getUpdatedAt()) + "\",\"links\":{}}";
    }

    private static String envelope(String event, String record) {
        return "{\"message\":[{\"event\":\"" + event + "\",\"model_name\":\"User\",\"data\":[" + record + "]}]}";
    }
}
