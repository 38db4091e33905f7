package io.dionysus.spring.boot;

import io.dionysus.testkit.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The starter on H2. */
class H2StarterTest extends StarterTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(TestDatabase.Kind.H2, registry);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "2");
    }
}
