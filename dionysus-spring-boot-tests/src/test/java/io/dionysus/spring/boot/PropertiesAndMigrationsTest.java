package io.dionysus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.spring.boot.it.TestApplication;
import io.dionysus.spring.boot.it.User;
import io.dionysus.spring.boot.it.UserRepository;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Properties change what the starter does; Flyway and Liquibase create the table; a stop mid-traffic loses nothing. */
class PropertiesAndMigrationsTest {

    private static ConfigurableApplicationContext start(TestDatabase db, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "spring.datasource.url=" + db.jdbcUrl(),
                "spring.datasource.username=" + (db.kind() == TestDatabase.Kind.H2 ? "sa" : "postgres"),
                "spring.kafka.bootstrap-servers=" + Broker.kafka().bootstrapServers(),
                "dionysus.consumer.group-id=it_" + UUID.randomUUID()));
        all.addAll(List.of(properties));
        // as command-line arguments: they win over the test's application.properties
        return new SpringApplicationBuilder(TestApplication.class)
                .run(all.stream().map(property -> "--" + property).toArray(String[]::new));
    }

    @Test
    void theRelaysCommitIsAsynchronousUnlessThePropertySaysOtherwise() {
        TestDatabase db = TestDatabases.create(TestDatabase.Kind.H2);
        try (ConfigurableApplicationContext context = start(db)) {
            assertTrue(context.getBean(RelayLifecycle.class).summary()
                    .contains("commits without waiting for the disk (PostgreSQL)"));
        }
        try (ConfigurableApplicationContext context = start(db, "dionysus.relay.asynchronous-commit=false")) {
            assertTrue(context.getBean(RelayLifecycle.class).summary().contains("durable commits"));
        }
    }

    @Test
    void propertiesTurnPartsOffAndOn() {
        TestDatabase db = TestDatabases.create(TestDatabase.Kind.H2);
        try (ConfigurableApplicationContext context = start(db, "dionysus.relay.enabled=false",
                "dionysus.consumer.enabled=false", "dionysus.capture.enabled=false")) {
            assertTrue(context.getBeansOfType(RelayLifecycle.class).isEmpty());
            assertTrue(context.getBeansOfType(ConsumerLifecycle.class).isEmpty());
            context.getBean(UserRepository.class).save(new User("Not captured"));
            assertEquals(List.of(), OutboxRows.all(db.dataSource()));
        }
        try (ConfigurableApplicationContext context = start(db, "dionysus.outbox.enabled=false",
                "dionysus.consumer.client-id=renamed", "dionysus.consumer.group-id=")) {
            assertFalse(context.getBean(Outbox.class).enabled());
            context.getBean(UserRepository.class).save(new User("Outbox off"));
            assertEquals(List.of(), OutboxRows.all(db.dataSource()));
            assertEquals(1, context.getBeansOfType(ConsumerLifecycle.class).size());
        }
        try (ConfigurableApplicationContext context = start(db, "dionysus.enabled=false")) {
            assertTrue(context.getBeansOfType(Outbox.class).isEmpty());
            context.getBean(UserRepository.class).save(new User("Starter off"));
            assertEquals(List.of(), OutboxRows.all(db.dataSource()), "the Hibernate capture is off with it");
        }
        for (String bad : List.of("dionysus.relay.idle-sleep=0", "dionysus.relay.backoff-base=-5s",
                "dionysus.consumer.poll-timeout=-1s", "dionysus.outbox.retention.interval=0",
                "dionysus.relay.health.broker-timeout=-1s")) {
            Throwable refused = assertThrows(Exception.class, () -> start(db, bad));
            String property = bad.substring(0, bad.indexOf('='));
            assertTrue(causes(refused).contains(property + " must"), bad + ": " + causes(refused));
        }
        try (ConfigurableApplicationContext context = start(db, "dionysus.consumer.topics=dionysus_demo_users")) {
            assertEquals("dionysus_demo_users_errors", context.getBean(ConsumerLifecycle.class).consumer().topics()
                    .get("dionysus_demo_users"), "a declared topic keeps its declared dead-letter topic");
        }
        assertThrows(Exception.class, () -> start(db, "spring.application.name=", "dionysus.consumer.client-id="),
                "a consumer without a client id is a clear start-up error");
    }

    @Test
    void aPublisherCalledAfterTheCommitFailsInsteadOfWritingARowNobodyCommits() {
        // an AFTER_COMMIT event listener runs in afterCompletion; a plain afterCommit callback is tried below
        TestDatabase db = TestDatabases.create(TestDatabase.Kind.H2);
        // a pool whose connections are not in auto-commit mode: the committed connection would take the row quietly
        try (ConfigurableApplicationContext context = start(db, "spring.datasource.hikari.auto-commit=false",
                "dionysus.consumer.enabled=false")) {
            User user = context.getBean(UserRepository.class).save(new User("Committed"));
            int before = OutboxRows.all(db.dataSource()).size();
            context.getBean(org.springframework.transaction.support.TransactionTemplate.class)
                    .executeWithoutResult(status -> context.publishEvent(
                            new io.dionysus.spring.boot.it.AfterCommitProbe.Committed(user)));
            Throwable outcome = context.getBean(io.dionysus.spring.boot.it.AfterCommitProbe.class).outcome();
            assertTrue(outcome instanceof IllegalStateException
                    && outcome.getMessage().startsWith("no transaction is running"), String.valueOf(outcome));
            assertEquals(before, OutboxRows.all(db.dataSource()).size());

            java.util.concurrent.atomic.AtomicReference<Throwable> inAfterCommit = new java.util.concurrent.atomic
                    .AtomicReference<>(new AssertionError("never called"));
            io.dionysus.spring.boot.it.UserDionysusPublisher users =
                    context.getBean(io.dionysus.spring.boot.it.UserDionysusPublisher.class);
            context.getBean(org.springframework.transaction.support.TransactionTemplate.class)
                    .executeWithoutResult(status -> org.springframework.transaction.support
                            .TransactionSynchronizationManager.registerSynchronization(
                                    new org.springframework.transaction.support.TransactionSynchronization() {
                                        @Override
                                        public void afterCommit() {
                                            try {
                                                users.updated(user);
                                                inAfterCommit.set(null);
                                            } catch (RuntimeException e) {
                                                inAfterCommit.set(e);
                                            }
                                        }
                                    }));
            assertTrue(inAfterCommit.get() instanceof IllegalStateException, String.valueOf(inAfterCommit.get()));
            assertEquals(before, OutboxRows.all(db.dataSource()).size());
        }
    }

    @Test
    void anApplicationsOwnPublisherBeanUnderAnyNameReplacesTheStartersOne() {
        TestDatabase db = TestDatabases.create(TestDatabase.Kind.H2);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class,
                OwnPublisher.class).run("--spring.datasource.url=" + db.jdbcUrl(), "--spring.datasource.username=sa",
                "--spring.kafka.bootstrap-servers=" + Broker.kafka().bootstrapServers(),
                "--dionysus.consumer.enabled=false")) {
            assertEquals(List.of("myUsers"), List.of(context.getBeanNamesForType(
                    io.dionysus.spring.boot.it.UserDionysusPublisher.class)));
        }
    }

    @org.springframework.context.annotation.Configuration
    static class OwnPublisher {
        @org.springframework.context.annotation.Bean
        io.dionysus.spring.boot.it.UserDionysusPublisher myUsers(Outbox outbox) {
            return new io.dionysus.spring.boot.it.UserDionysusPublisher(outbox);
        }
    }

    private static String causes(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            text.append(cause.getMessage()).append(" | ");
        }
        return text.toString();
    }

    @Test
    void flywayCreatesTheTableTheRelayUses() throws InterruptedException {
        TestDatabase db = TestDatabases.create(TestDatabase.Kind.POSTGRESQL);
        try (ConfigurableApplicationContext context = start(db, "dionysus.schema.mode=never",
                "spring.flyway.enabled=true", "spring.flyway.locations=classpath:db/migration/dionysus/{vendor}",
                "dionysus.consumer.enabled=false")) {
            assertEquals(1, OutboxRows.query(db.dataSource(),
                    "SELECT * FROM flyway_schema_history WHERE script LIKE '%dionysus_outboxes%'").size());
            context.getBean(UserRepository.class).save(new User("Migrated"));
            awaitAllPublished(db.dataSource(), 1);
        }
    }

    @Test
    void schemaModeAlwaysCommitsTheTableFromAPoolWithoutAutoCommit() throws InterruptedException {
        TestDatabase db = TestDatabases.create(TestDatabase.Kind.POSTGRESQL);
        try (ConfigurableApplicationContext context = start(db, "dionysus.schema.mode=always",
                "spring.datasource.hikari.auto-commit=false", "dionysus.consumer.enabled=false")) {
            context.getBean(UserRepository.class).save(new User("Committed table"));
            awaitAllPublished(db.dataSource(), 1);
        }
    }

    @Test
    void liquibaseCreatesTheTableTheRelayUses() throws InterruptedException {
        TestDatabase db = TestDatabases.create(TestDatabase.Kind.POSTGRESQL);
        try (ConfigurableApplicationContext context = start(db, "dionysus.schema.mode=never",
                "spring.liquibase.enabled=true", "spring.liquibase.change-log=classpath:db/changelog/dionysus-changelog.yaml",
                "dionysus.consumer.enabled=false")) {
            context.getBean(UserRepository.class).save(new User("Migrated"));
            awaitAllPublished(db.dataSource(), 1);
        }
    }

    @Test
    void stoppingMidTrafficLosesNothing() throws Exception {
        TestDatabase db = TestDatabases.create(TestDatabase.Kind.POSTGRESQL);
        ConfigurableApplicationContext context = start(db, "dionysus.schema.mode=always",
                "dionysus.consumer.enabled=false");
        UserRepository users = context.getBean(UserRepository.class);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Long> committed = new ArrayList<>();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                try {
                    committed.add(users.save(new User("Traffic")).getId());
                } catch (RuntimeException stopping) {
                    return; // the context is closing: this save did not commit
                }
            }
        });
        writer.start();
        Thread.sleep(1500);
        context.close();
        writing.set(false);
        writer.join(10_000);
        assertTrue(committed.size() > 10, "traffic ran: " + committed.size());
        List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
        assertEquals(committed.size(), rows.size(), "every committed user has its row");
        try (ConfigurableApplicationContext restarted = start(db, "dionysus.consumer.enabled=false",
                "spring.jpa.hibernate.ddl-auto=none")) {
            awaitAllPublished(db.dataSource(), committed.size());
        }
    }

    private static void awaitAllPublished(DataSource dataSource, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<Map<String, Object>> rows = OutboxRows.all(dataSource);
            if (rows.size() >= count && rows.stream().allMatch(row -> row.get("published_at") != null)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not all published: " + rows.size() + " rows");
            }
            Thread.sleep(100);
        }
    }
}
