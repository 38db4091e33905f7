package io.dionysus.example.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.example.producer.Account;
import io.dionysus.example.producer.Rental;
import io.dionysus.example.producer.User;
import io.dionysus.example.spring.consumer.SpringConsumer;
import io.dionysus.example.spring.producer.AccountRepository;
import io.dionysus.example.spring.producer.RentalRepository;
import io.dionysus.example.spring.producer.SpringProducer;
import io.dionysus.example.spring.producer.UserRepository;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestDatabases;
import io.dionysus.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The two Spring Boot examples end to end: the producer's repositories, the broker, the consumer's tables. */
class SpringExamplesTest {

    @Test
    void theSeedsUserAndAnAggregateFlowFromProducerToConsumer() throws Exception {
        try (TestKafka kafka = TestKafka.fromEnvironment()) {
            for (String topic : List.of("dionysus_demo_users", "dionysus_demo_accounts", "dionysus_demo_rentals")) {
                kafka.createTopic(topic, 1);
            }
            TestDatabase producerDb = TestDatabases.create(TestDatabase.Kind.H2);
            TestDatabase consumerDb = TestDatabases.create(TestDatabase.Kind.H2);
            try (ConfigurableApplicationContext producer = new SpringApplicationBuilder(SpringProducer.class)
                         .run("--spring.datasource.url=" + producerDb.jdbcUrl(),
                                 "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
                 ConfigurableApplicationContext consumer = new SpringApplicationBuilder(SpringConsumer.class)
                         .run("--spring.datasource.url=" + consumerDb.jdbcUrl(),
                                 "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                                 "--dionysus.consumer.group-id=examples_" + UUID.randomUUID(),
                                 "--dionysus.consumer.properties.auto.offset.reset=earliest")) {
                User user = producer.getBean(UserRepository.class).save(new User("Dionysus"));
                Map<String, Object> synced = await(consumerDb.dataSource(), "users", user.getId(), row -> row != null);
                assertEquals("Dionysus", synced.get("name"));

                Account account = producer.getBean(AccountRepository.class).save(new Account("Smily"));
                producer.getBean(RentalRepository.class).save(new Rental("Villa Saganaki", account));
                Map<String, Object> syncedAccount = await(consumerDb.dataSource(), "accounts", account.getId(),
                        row -> row != null && Integer.valueOf(1).equals(row.get("rentals_count")));
                assertTrue(((String) syncedAccount.get("synced_data")).contains("\"rentals_count\":1"));
            }
        }
    }

    private static Map<String, Object> await(DataSource db, String table, long syncedId,
            Predicate<Map<String, Object>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<Map<String, Object>> rows = OutboxRows.query(db, "SELECT * FROM " + table + " WHERE synced_id = "
                    + syncedId);
            Map<String, Object> row = rows.isEmpty() ? null : rows.get(0);
            if (condition.test(row)) {
                return row;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the consumer did not catch up: " + row);
            }
            Thread.sleep(50);
        }
    }
}
