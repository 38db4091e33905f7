package io.dionysus.example.demo;

import io.dionysus.example.consumer.ConsumerApplication;
import io.dionysus.example.producer.Account;
import io.dionysus.example.producer.DemoEnvironment;
import io.dionysus.example.producer.ProducerApplication;
import io.dionysus.example.producer.Rental;
import io.dionysus.example.producer.User;
import io.dionysus.runtime.consumer.ConsumedEvent;
import io.dionysus.runtime.consumer.ConsumerListener;
import io.dionysus.runtime.outbox.OutboxRecord;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * The seed post end to end: a producer service writes {@code User.create!(name: "Dionysus")} through JPA, and
 * dionysus-hibernate its outbox row; its relay publishes it, and a consumer service with its own database keeps the synced {@code User}; then the
 * user is renamed and destroyed and the consumer follows.
 */
public final class Demo {

    static final String TOPIC = "dionysus_demo_users";

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        try (TestKafka kafka = DemoEnvironment.kafka()) {
            DemoEnvironment.Database producerDb = DemoEnvironment.database("DIONYSUS_PRODUCER", "producer");
            DemoEnvironment.Database consumerDb = DemoEnvironment.database("DIONYSUS_CONSUMER", "consumer");
            System.out.println("Kafka:             " + kafka.bootstrapServers());
            System.out.println("Producer database: " + producerDb.url());
            System.out.println("Consumer database: " + consumerDb.url());
            kafka.createTopic(TOPIC, 1);
            kafka.createTopic("dionysus_demo_accounts", 1);
            kafka.createTopic("dionysus_demo_rentals", 1);
            run(kafka.bootstrapServers(), producerDb.dataSource(), consumerDb.dataSource());
        }
    }

    static void run(String bootstrapServers, DataSource producerDb, DataSource consumerDb) throws Exception {
        OutboxRelayListener published = new OutboxRelayListener() {
            @Override
            public void published(OutboxRecord record) {
                System.out.println("[producer relay] published: " + record.topic() + " " + record.messageKey() + " "
                        + record.payload());
            }
        };
        ConsumerListener consumed = new ConsumerListener() {
            @Override
            public void consume(ConsumedEvent event) {
                System.out.println("[consumer] dionysus.consume " + event.eventName() + " " + event.modelName()
                        + " local_changes=" + event.localChanges());
            }
        };
        try (ProducerApplication producer = new ProducerApplication(producerDb, bootstrapServers, published);
             ConsumerApplication consumer = new ConsumerApplication(consumerDb, bootstrapServers,
                     "dionysus_consumer", consumed)) {
            producer.relay().start();
            consumer.start();

            System.out.println();
            step("User.create!(name: \"Dionysus\")",
                    "entityManager.persist(new User(\"Dionysus\"))   // UserRepository.create; no publisher call");
            User user = producer.users().create("Dionysus");
            Map<String, Object> synced = await(consumerDb, user.getId(), row -> row != null);
            System.out.println();
            step("DionysusOutbox.last", "SELECT * FROM dionysus_outboxes ORDER BY id DESC LIMIT 1");
            printRow("DionysusOutbox", OutboxRows.query(producerDb,
                    "SELECT * FROM dionysus_outboxes ORDER BY id DESC LIMIT 1").get(0));
            System.out.println();
            System.out.println("consumer> User.last");
            printRow("User", synced);

            System.out.println();
            step("user.update!(name: \"Bacchus\")",
                    "entityManager.find(User.class, id).setName(\"Bacchus\")   // UserRepository.rename");
            user = producer.users().rename(user, "Bacchus");
            synced = await(consumerDb, user.getId(), row -> row != null && "Bacchus".equals(row.get("name")));
            System.out.println("consumer> User.last");
            printRow("User", synced);

            System.out.println();
            step("user.destroy", "entityManager.remove(entityManager.find(User.class, id))   // UserRepository.destroy");
            producer.users().destroy(user);
            await(consumerDb, user.getId(), row -> row == null);
            System.out.println("consumer> User.find_by(synced_id: " + user.getId() + ")");
            System.out.println("=> nil (the synced row was deleted)");

            System.out.println();
            step("account = Account.create!(name: \"Smily\")", "entityManager.persist(new Account(\"Smily\"))");
            Account account = producer.accounts().createAccount("Smily");
            step("Rental.create!(name: \"Villa Saganaki\", account: account)   # republishes the account",
                    "entityManager.persist(new Rental(\"Villa Saganaki\", entityManager.getReference(Account.class, id)))");
            Rental rental = producer.accounts().createRental(account, "Villa Saganaki");
            Map<String, Object> syncedAccount = await(consumerDb, "accounts", account.getId(),
                    row -> row != null && Integer.valueOf(1).equals(row.get("rentals_count")));
            Map<String, Object> syncedRental = await(consumerDb, "rentals", rental.getId(), row -> row != null);
            System.out.println("consumer> Account.last");
            printRow("Account", syncedAccount);
            System.out.println("consumer> Rental.last");
            printRow("Rental", syncedRental);
            System.out.println();
            System.out.println("Done: the consumer followed every change of the producer's JPA entities, which"
                    + " called no publisher (dionysus-hibernate wrote each outbox row in the change's transaction).");
        }
    }

    /** A seed step: the Ruby of the post, and the Java that runs it here. */
    private static void step(String ruby, String java) {
        System.out.println("producer> " + ruby);
        System.out.println("    Java: " + java);
    }

    /** Waits until the consumer's row for a synced id satisfies the condition; returns it. */
    static Map<String, Object> await(DataSource consumerDb, long syncedId, Predicate<Map<String, Object>> condition)
            throws InterruptedException {
        return await(consumerDb, "users", syncedId, condition);
    }

    /** Waits until the consumer's row of a table for a synced id satisfies the condition; returns it. */
    static Map<String, Object> await(DataSource consumerDb, String table, long syncedId,
            Predicate<Map<String, Object>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<Map<String, Object>> rows = OutboxRows.query(consumerDb,
                    "SELECT * FROM " + table + " WHERE synced_id = " + syncedId);
            Map<String, Object> row = rows.isEmpty() ? null : rows.get(0);
            if (condition.test(row)) {
                return row;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumer did not catch up within 60 s; last row: " + row);
            }
            Thread.sleep(50);
        }
    }

    static void printRow(String model, Map<String, Object> row) {
        System.out.println("#<" + model);
        row.forEach((column, value) -> System.out.println("  " + column + ": "
                + (value instanceof String ? "\"" + value + "\"" : value) + ","));
        System.out.println(">");
    }
}
