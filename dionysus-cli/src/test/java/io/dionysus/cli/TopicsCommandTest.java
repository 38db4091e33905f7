package io.dionysus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code topics} lists the example producer's generated registry (on this module's test class path). */
class TopicsCommandTest {

    @Test
    void listsTheTopicsOfTheGeneratedRegistries() {
        Cli topics = Cli.run("topics");
        assertEquals(0, topics.exitCode(), topics.toString());
        assertEquals("""
                dionysus_demo_accounts
                  model         Account (io.dionysus.example.producer.Account)
                  events        account_created, account_updated, account_destroyed
                  message key   Account:<id>
                  partitioning  by partition key (an attribute), Kafka's default partitioner
                  tombstone     a Kafka null value
                  sideloads     1 relationship (with)
                dionysus_demo_rentals
                  model         Rental (io.dionysus.example.producer.Rental)
                  events        rental_created, rental_updated, rental_destroyed
                  message key   Rental:<id>
                  partitioning  by partition key (an attribute), Kafka's default partitioner
                  tombstone     a Kafka null value
                dionysus_demo_users
                  model         User (io.dionysus.example.producer.User)
                  events        user_created, user_updated, user_destroyed
                  message key   User:<id>
                  partitioning  by message key, Kafka's default partitioner
                  tombstone     a Kafka null value
                """, topics.out());
    }

}
