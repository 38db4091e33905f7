package io.dionysus.spring.boot;

import io.dionysus.testkit.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The starter on PostgreSQL (the outbox table created by {@code dionysus.schema.mode=always}). */
class PostgresStarterTest extends StarterTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(TestDatabase.Kind.POSTGRESQL, registry);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "2");
        registry.add("dionysus.schema.mode", () -> "always");
    }
}
