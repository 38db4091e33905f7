package io.dionysus.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.hibernate.it.Account;
import io.dionysus.hibernate.it.AccountDionysusPublisher;
import io.dionysus.hibernate.it.Hotel;
import io.dionysus.hibernate.it.Jpa;
import io.dionysus.hibernate.it.Rental;
import io.dionysus.hibernate.it.Review;
import io.dionysus.hibernate.it.Room;
import io.dionysus.hibernate.it.User;
import io.dionysus.hibernate.it.UserDionysusPublisher;
import io.dionysus.runtime.Envelope;
import io.dionysus.runtime.Suppressor;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The automatic capture on a real Hibernate session factory (the version on the class path: 6.6 here, 7 in
 * dionysus-hibernate-h7-tests), on H2 and PostgreSQL: no publisher call in any test's business code.
 */
class HibernateCaptureTest {

    private static final Outbox OUTBOX = Outbox.builder().build();

    @AllDatabases
    void insertUpdateAndDeleteWriteTheRowsOfTheExplicitApi(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            AtomicReference<User> user = new AtomicReference<>();
            jpa.inTransaction(session -> {
                user.set(new User("Dionysus"));
                session.persist(user.get());
            });
            List<Map<String, Object>> rows = jpa.rows();
            assertEquals(1, rows.size(), rows.toString());
            // the explicit call on the committed state writes exactly these bytes
            assertSameRow(new UserDionysusPublisher(OUTBOX).entries(Envelope.Event.CREATED, user.get()).get(0),
                    rows.get(0));
            assertTrue(((String) rows.get(0).get("payload")).startsWith(
                    "{\"message\":[{\"event\":\"user_created\",\"model_name\":\"User\",\"data\":[{\"name\":\"Dionysus\",\"id\":"),
                    rows.toString());

            jpa.clearOutbox();
            jpa.inTransaction(session -> session.find(User.class, user.get().getId()).setName("Bacchus"));
            jpa.inTransaction(session -> user.set(session.find(User.class, user.get().getId())));
            rows = jpa.rows();
            assertEquals(1, rows.size(), rows.toString());
            assertSameRow(new UserDionysusPublisher(OUTBOX).entries(Envelope.Event.UPDATED, user.get()).get(0),
                    rows.get(0));

            jpa.clearOutbox();
            jpa.inTransaction(session -> session.find(User.class, user.get().getId()));
            assertEquals(List.of(), jpa.rows(), "a flush that changed nothing publishes nothing");

            jpa.inTransaction(session -> session.remove(session.find(User.class, user.get().getId())));
            rows = jpa.rows();
            assertEquals(List.of("user_destroyed"), jpa.events());
            assertEquals("{\"message\":[{\"event\":\"user_destroyed\",\"model_name\":\"User\",\"data\":[{\"links\":{},"
                    + "\"id\":" + user.get().getId() + "}]}]}", rows.get(0).get("payload"));
        }
    }

    @AllDatabases
    void theMessageCarriesTheCommittedUpdateTimestamp(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            AtomicReference<Long> id = new AtomicReference<>();
            jpa.inTransaction(session -> {
                User user = new User("Dionysus");
                session.persist(user);
                session.flush();
                id.set(user.getId());
            });
            jpa.clearOutbox();
            jpa.inTransaction(session -> {
                User user = session.find(User.class, id.get());
                user.setName("Bacchus");
                session.flush();       // @UpdateTimestamp set here…
                user.setName("Liber"); // …and again at the commit's own flush
            });
            Map<String, Object> row = jpa.rows().get(0);
            String payload = (String) row.get("payload");
            assertTrue(payload.contains("\"name\":\"Liber\""), payload);
            Instant committed = db.dataSource() == null ? null : readUpdatedAt(db, id.get());
            String expected = "\"updated_at\":\"" + committed.truncatedTo(ChronoUnit.MILLIS).toString()
                    .replace("Z", "").concat(committed.truncatedTo(ChronoUnit.MILLIS).getNano() == 0 ? ".000Z" : "Z");
            assertTrue(payload.contains(expected), payload + " should carry the committed " + committed);
        }
    }

    @AllDatabases
    void rollbackLeavesNothing(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.rolledBack(session -> session.persist(new User("Rolled back")));
            assertEquals(List.of(), jpa.rows());
            jpa.inTransaction(session -> session.persist(new User("Committed")));
            assertEquals(List.of("user_created"), jpa.events(), "the session's next transaction is captured afresh");
        }
    }

    @AllDatabases
    void aChildRepublishesItsParentThroughALazyProxyAndALazyCollection(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.inTransaction(session -> session.persist(new Account(7, "Acme")));
            jpa.clearOutbox();
            jpa.inTransaction(session -> {
                Account proxy = session.getReference(Account.class, 7L);
                session.persist(new Rental(proxy, "Villa"));
            });
            List<Map<String, Object>> rows = jpa.rows();
            assertEquals(List.of("rental_created", "account_updated"), jpa.events(), rows.toString());
            String rental = (String) rows.get(0).get("payload");
            assertTrue(rental.contains("\"links\":{\"account\":7}"), rental);
            assertEquals("7", rows.get(0).get("partition_key"));
            String account = (String) rows.get(1).get("payload");
            assertTrue(account.contains("\"name\":\"Acme\""), account);
            assertTrue(account.contains("\"rentals_count\":1"), account);
            assertTrue(account.contains("\"rentals\":[{\"id\":"), "sideloaded: " + account);
            assertEquals("Account:7", rows.get(1).get("message_key"));

            jpa.clearOutbox();
            jpa.inTransaction(session -> {
                Account proxy = session.getReference(Account.class, 7L);
                session.persist(new Rental(proxy, "Chalet"));
                session.persist(new Rental(proxy, "Cabin"));
            });
            assertEquals(List.of("rental_created", "account_updated", "rental_created"), jpa.events(),
                    "two children republish their parent once: the same snapshot is written once");
            assertTrue(((String) jpa.rows().get(1).get("payload")).contains("\"rentals_count\":3"));
        }
    }

    @AllDatabases
    void deletingAChildRepublishesItsParentWithoutIt(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            AtomicReference<Long> rentalId = new AtomicReference<>();
            jpa.inTransaction(session -> {
                Account account = new Account(8, "Acme");
                session.persist(account);
                Rental rental = new Rental(account, "Villa");
                session.persist(rental);
                session.flush();
                rentalId.set(rental.getId());
            });
            jpa.clearOutbox();
            jpa.inTransaction(session -> session.remove(session.find(Rental.class, rentalId.get())));
            assertEquals(List.of("rental_destroyed", "account_updated"), jpa.events());
            assertTrue(((String) jpa.rows().get(1).get("payload")).contains("\"rentals_count\":0"),
                    "the parent's lazy collection is read after the last flush");
        }
    }

    @AllDatabases
    void anOwningCollectionChangeRepublishesItsOwner(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.inTransaction(session -> session.persist(new Account(9, "Acme")));
            jpa.clearOutbox();
            jpa.inTransaction(session -> session.find(Account.class, 9L).getLabels().add("vip"));
            assertEquals(List.of("account_updated"), jpa.events());
            assertTrue(((String) jpa.rows().get(0).get("payload")).contains("\"labels\":[\"vip\"]"));
        }
    }

    @AllDatabases
    void observersFireOnlyForTheirAttributes(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.inTransaction(session -> {
                Hotel hotel = new Hotel(1);
                session.persist(hotel);
                session.persist(new Room(10, hotel, "Suite", new BigDecimal("200.00")));
            });
            jpa.clearOutbox();
            jpa.inTransaction(session -> session.find(Room.class, 10L).setName("Grand suite"));
            assertEquals(List.of("room_updated"), jpa.events(), "name is not observed");

            jpa.clearOutbox();
            jpa.inTransaction(session -> session.find(Room.class, 10L).setPrice(new BigDecimal("180.00")));
            assertEquals(List.of("room_updated", "hotel_updated"), jpa.events());
            assertTrue(((String) jpa.rows().get(1).get("payload")).contains("\"lowest_price\":\"180.0\""),
                    jpa.rows().toString());
        }
    }

    @AllDatabases
    void softDeleteTransitionsComeFromDirtyChecking(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.inTransaction(session -> {
                Hotel hotel = new Hotel(2);
                session.persist(hotel);
                session.persist(new Room(20, hotel, "Single", new BigDecimal("90")));
            });
            jpa.clearOutbox();
            jpa.inTransaction(session -> session.find(Room.class, 20L).setCanceledAt(Instant.parse(
                    "2024-01-01T00:00:00Z")));
            assertEquals(List.of("room_destroyed"), jpa.events(), "the hotel observes the price only");
            assertTrue(((String) jpa.rows().get(0).get("payload")).contains("\"name\":\"Single\""),
                    "a soft delete carries the snapshot");

            jpa.clearOutbox();
            jpa.inTransaction(session -> session.find(Room.class, 20L).setName("Single (closed)"));
            assertEquals(List.of(), jpa.events(), "an update of a soft-deleted record is not published");

            jpa.inTransaction(session -> session.find(Room.class, 20L).setCanceledAt(null));
            assertEquals(List.of("room_created"), jpa.events(), "restored");
        }
    }

    @AllDatabases
    void severalChangesOfOneEntityInOneTransactionAreOneEvent(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            AtomicReference<Long> id = new AtomicReference<>();
            jpa.inTransaction(session -> {
                User user = new User("Dionysus");
                session.persist(user);
                session.flush();
                user.setName("Bacchus");
                session.flush();
                id.set(user.getId());
            });
            assertEquals(List.of("user_created"), jpa.events());
            assertTrue(((String) jpa.rows().get(0).get("payload")).contains("\"name\":\"Bacchus\""));

            jpa.clearOutbox();
            jpa.inTransaction(session -> {
                User user = session.find(User.class, id.get());
                user.setName("Liber");
                session.flush();
                user.setName("Iacchus");
            });
            assertEquals(List.of("user_updated"), jpa.events());

            jpa.clearOutbox();
            jpa.inTransaction(session -> {
                User user = new User("Ephemeral");
                session.persist(user);
                session.flush();
                session.remove(user);
            });
            assertEquals(List.of("user_destroyed"), jpa.events(), "as the gem: the created row finds no record");
        }
    }

    @AllDatabases
    void aLombokEntityIsCaptured(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.inTransaction(session -> {
                Review review = new Review();
                review.setBody("Divine");
                review.setStars(5);
                session.persist(review);
            });
            assertEquals(List.of("review_created", "review_created"), jpa.events());
            assertEquals(List.of("dionysus_demo_reviews", "dionysus_demo_reviews_genesis"),
                    jpa.rows().stream().map(row -> row.get("topic")).toList());
            String payload = (String) jpa.rows().get(0).get("payload");
            assertTrue(payload.contains("\"body\":\"Divine\",\"stars\":5"), payload);
        }
    }

    @AllDatabases
    void suppressedChangesAreNotCaptured(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.inTransaction(session -> Suppressor.suppress(() -> {
                session.persist(new User("Imported"));
                session.flush();
            }));
            assertEquals(List.of(), jpa.rows());
            assertFalse(Suppressor.isSuppressed());
            jpa.inTransaction(session -> session.persist(new User("Live")));
            assertEquals(List.of("user_created"), jpa.events());
        }
    }

    @AllDatabases
    void captureCanBeTurnedOff(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db, Map.of(DionysusSettings.CAPTURE_ENABLED, "false"))) {
            jpa.inTransaction(session -> session.persist(new User("Unpublished")));
            assertEquals(List.of(), jpa.rows());
        }
        try (Jpa jpa = Jpa.start(db, Map.of(DionysusSettings.OUTBOX, Outbox.builder().enabled(false).build()))) {
            jpa.inTransaction(session -> session.persist(new User("Unpublished")));
            assertEquals(List.of(), jpa.rows());
        }
    }

    @AllDatabases
    void theAccountsOwnRowAndItsRepublishedRowAreOne(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.inTransaction(session -> {
                Account account = new Account(11, "Acme");
                session.persist(account);
                Rental rental = new Rental(account, "Villa");
                account.getRentals().add(rental);
                session.persist(rental);
            });
            assertEquals(List.of("account_created", "rental_created", "account_updated"), jpa.events());
            String created = (String) jpa.rows().get(0).get("payload");
            assertTrue(created.contains("\"rentals_count\":1"), created);
            assertNotNull(AccountDionysusPublisher.MODEL);
        }
    }

    private static void assertSameRow(OutboxEntry expected, Map<String, Object> row) {
        assertEquals(expected.topic(), row.get("topic"));
        assertEquals(expected.messageKey(), row.get("message_key"));
        assertEquals(expected.eventName(), row.get("event_name"));
        assertEquals(expected.partitionKey(), row.get("partition_key"));
        assertEquals(expected.resourceClass(), row.get("resource_class"));
        assertEquals(expected.resourceId(), row.get("resource_id"));
        assertEquals(expected.payload(), row.get("payload"));
    }

    private static Instant readUpdatedAt(TestDatabase db, long id) {
        Object value = io.dionysus.testkit.OutboxRows.query(db.dataSource(),
                "SELECT updated_at FROM users WHERE id = " + id).get(0).get("updated_at");
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new AssertionError("unexpected column type " + value.getClass());
    }
}
