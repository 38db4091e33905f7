package io.dionysus.spring.boot;

import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A fresh database of a kind, and the Kafka broker, as Spring Boot properties. */
final class Databases {

    private Databases() {
    }

    static TestDatabase register(TestDatabase.Kind kind, DynamicPropertyRegistry registry) {
        TestDatabase db = TestDatabases.create(kind);
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", () -> kind == TestDatabase.Kind.H2 ? "sa" : "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "5000");
        registry.add("spring.kafka.bootstrap-servers", () -> Broker.kafka().bootstrapServers());
        // Spring's test context cache keeps earlier contexts running: a group of its own for each
        registry.add("dionysus.consumer.group-id", () -> "it_" + java.util.UUID.randomUUID());
        return db;
    }
}
