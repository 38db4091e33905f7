package io.dionysus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dionysus.runtime.outbox.Dialect;
import io.dionysus.runtime.outbox.OutboxSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Flyway migrations are the runtime's shipped DDL, byte for byte (the Liquibase changelog includes it). */
class MigrationsTest {

    @ParameterizedTest
    @CsvSource({"postgresql, POSTGRESQL", "h2, H2", "mysql, MYSQL", "mariadb, MYSQL"})
    void flywayScriptsEqualTheShippedDdl(String vendor, Dialect dialect) throws IOException {
        String path = "db/migration/dionysus/" + vendor + "/V0_1_0__dionysus_outboxes.sql";
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
            assertEquals(OutboxSchema.ddl(dialect), new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
        }
    }
}
