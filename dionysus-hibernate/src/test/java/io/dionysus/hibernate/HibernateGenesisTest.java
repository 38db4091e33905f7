package io.dionysus.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.hibernate.it.Jpa;
import io.dionysus.hibernate.it.Review;
import io.dionysus.hibernate.it.User;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Genesis over JPA: every entity once, in bounded batches, resumable, with progress. */
class HibernateGenesisTest {

    @AllDatabases
    void tenThousandEntitiesStreamedOnceEachAcrossAnInterruption(TestDatabase db) throws SQLException {
        try (Jpa jpa = Jpa.start(db)) {
            insertUsers(db, 10_000);
            HibernateGenesis genesis = HibernateGenesis.of(jpa.sessionFactory().unwrap(EntityManagerFactory.class));
            List<HibernateGenesis.Progress> first = new ArrayList<>();
            RuntimeException stop = assertThrows(RuntimeException.class, () -> genesis.model(User.class)
                    .batchSize(1000)
                    .listener(progress -> {
                        first.add(progress);
                        if (first.size() == 3) {
                            throw new RuntimeException("operator stopped the run");
                        }
                    })
                    .run());
            assertEquals("operator stopped the run", stop.getMessage());
            assertEquals(List.of(1000L, 2000L, 3000L), first.stream().map(HibernateGenesis.Progress::done).toList());
            assertTrue(first.stream().allMatch(progress -> progress.total() == 10_000), first.toString());
            assertEquals(3000, jpa.rows().size(), "committed batches stay written");

            List<HibernateGenesis.Progress> second = new ArrayList<>();
            HibernateGenesis.Progress last = genesis.model(User.class).batchSize(1000)
                    .resumeAfter(first.get(2).lastId())
                    .listener(second::add)
                    .run();
            assertEquals(7000, last.done());
            assertEquals(7000, last.total());
            assertEquals(7, second.size());

            List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
            assertEquals(10_000, rows.size());
            Map<Object, Integer> perUser = new HashMap<>();
            rows.forEach(row -> perUser.merge(row.get("resource_id"), 1, Integer::sum));
            assertEquals(10_000, perUser.size(), "each entity once");
            assertTrue(rows.stream().allMatch(row -> "user_updated".equals(row.get("event_name"))
                    && "dionysus_demo_users".equals(row.get("topic"))));
        }
    }

    @AllDatabases
    void aConditionAndAnIdRangeSelectEntitiesAndTwinsAreTheDefaultTarget(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            List<Long> ids = new ArrayList<>();
            jpa.inTransaction(session -> {
                for (int stars = 1; stars <= 5; stars++) {
                    Review review = new Review();
                    review.setBody("review " + stars);
                    review.setStars(stars);
                    session.persist(review);
                    session.flush();
                    ids.add(review.getId());
                }
            });
            jpa.clearOutbox();
            HibernateGenesis.Progress progress = HibernateGenesis.of(
                            jpa.sessionFactory().unwrap(EntityManagerFactory.class))
                    .model(Review.class)
                    .where("e.stars >= :stars", Map.of("stars", 2))
                    .idRange(null, ids.get(3))
                    .batchSize(2)
                    .run();
            assertEquals(3, progress.done(), "stars 2, 3 and 4: 5 is beyond the range, 1 below the condition");
            List<Map<String, Object>> rows = jpa.rows();
            assertEquals(3, rows.size());
            assertTrue(rows.stream().allMatch(row -> "dionysus_demo_reviews_genesis".equals(row.get("topic"))
                    && "review_updated".equals(row.get("event_name"))), rows.toString());
            assertThrows(IllegalArgumentException.class, () -> HibernateGenesis.of(
                    jpa.sessionFactory().unwrap(EntityManagerFactory.class)).model(User.class)
                    .target(HibernateGenesis.Target.GENESIS_TWINS));

            // the id range before or after the condition, a condition given twice: the last one counts
            jpa.clearOutbox();
            HibernateGenesis genesis = HibernateGenesis.of(jpa.sessionFactory().unwrap(EntityManagerFactory.class));
            assertEquals(2, genesis.model(Review.class).idRange(ids.get(1), ids.get(3))
                    .where("e.stars >= :low", Map.of("low", 1))
                    .where("e.stars <= :high", Map.of("high", 3)).run().done(), "stars 2 and 3");
            assertThrows(IllegalArgumentException.class, () -> genesis.model(Review.class).idRange(ids.get(3),
                    ids.get(1)));
            Thread.currentThread().interrupt();
            try {
                assertThrows(java.util.concurrent.CancellationException.class,
                        () -> genesis.model(Review.class).run());
                assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set");
            } finally {
                Thread.interrupted();
            }
        }
    }

    private static void insertUsers(TestDatabase db, int count) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO users (name, created_at, updated_at) VALUES (?, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.parse("2024-01-01T00:00:00Z"));
            for (int i = 0; i < count; i++) {
                insert.setString(1, "user " + i);
                insert.setTimestamp(2, now);
                insert.setTimestamp(3, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
