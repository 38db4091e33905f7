package io.dionysus.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.hibernate.it.Account;
import io.dionysus.hibernate.it.Jpa;
import io.dionysus.hibernate.it.Rental;
import io.dionysus.hibernate.it.User;
import io.dionysus.runtime.Suppressor;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.Session;
import org.hibernate.StatelessSession;

/** What a new user tried next: deletes of whole aggregates, batch jobs, stale and concurrent parents, misuse. */
class HibernateCaptureEdgesTest {

    @AllDatabases
    void deletingAParentWithItsChildrenPublishesTheirDestroysOnly(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.inTransaction(session -> {
                Account account = new Account(20, "Acme");
                account.getLabels().add("vip");
                session.persist(account);
                session.persist(new Rental(account, "Villa"));
                session.persist(new Rental(account, "Chalet"));
            });
            jpa.clearOutbox();
            jpa.inTransaction(session -> {
                Account account = session.find(Account.class, 20L);
                for (Rental rental : account.getRentals()) {
                    session.remove(rental);
                }
                session.remove(account);
            });
            // Hibernate removes the account's label collection first, so the account is the first change
            assertEquals(List.of("account_destroyed", "rental_destroyed", "rental_destroyed"), jpa.events(),
                    "a parent deleted in the same transaction is not republished");
        }
    }

    @AllDatabases
    void aBatchJobThatFlushesAndClearsIsPublishedFromTheCommittedRows(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.inTransaction(session -> {
                Account account = new Account(21, "Acme");
                account.getLabels().add("batch");
                session.persist(account);
            });
            jpa.clearOutbox();
            jpa.inTransaction(session -> {
                for (int i = 0; i < 10; i++) {
                    session.persist(new Rental(session.getReference(Account.class, 21L), "Rental " + i));
                    if (i % 5 == 4) {
                        session.flush();
                        session.clear();
                    }
                }
            });
            List<Map<String, Object>> rows = jpa.rows();
            assertEquals(10, rows.stream().filter(row -> "rental_created".equals(row.get("event_name"))).count());
            String lastAccount = rows.stream().filter(row -> "account_updated".equals(row.get("event_name")))
                    .map(row -> (String) row.get("payload")).reduce((first, second) -> second).orElseThrow();
            assertTrue(lastAccount.contains("\"rentals_count\":10"), lastAccount);
        }
    }

    @AllDatabases
    void aParentsStaleInMemoryChildrenAreReadAgain(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.inTransaction(session -> {
                Account account = new Account(22, "Acme");
                session.persist(account);
                session.flush();
                session.persist(new Rental(account, "Villa")); // account.getRentals() not kept current
            });
            String account = jpa.rows().stream().filter(row -> "account_updated".equals(row.get("event_name")))
                    .map(row -> (String) row.get("payload")).findFirst().orElseThrow();
            assertTrue(account.contains("\"rentals_count\":1"), account);
        }
    }

    @AllDatabases
    void concurrentChildrenOfOneParentPublishItsSnapshotsInCommitOrder(TestDatabase db) throws Exception {
        try (Jpa jpa = Jpa.start(db)) {
            jpa.inTransaction(session -> session.persist(new Account(23, "Acme")));
            jpa.clearOutbox();
            CyclicBarrier bothFlushed = new CyclicBarrier(2);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (String name : List.of("Villa", "Chalet")) {
                    done.add(threads.submit(() -> {
                        jpa.inTransaction(session -> {
                            session.persist(new Rental(session.getReference(Account.class, 23L), name));
                            session.flush();
                            try {
                                bothFlushed.await(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        return null;
                    }));
                }
                for (Future<?> each : done) {
                    each.get(60, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            String last = jpa.rows().stream().filter(row -> "account_updated".equals(row.get("event_name")))
                    .map(row -> (String) row.get("payload")).reduce((first, second) -> second).orElseThrow();
            assertTrue(last.contains("\"rentals_count\":2"), "the last snapshot has both rentals: " + last);
        }
    }

    @AllDatabases
    void stateThatWasNeverFlushedIsNotPublished(TestDatabase db) {
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
                user.setName("Flushed");
                session.flush();
                session.detach(user);
                user.setName("Never written");
            });
            String payload = (String) jpa.rows().get(0).get("payload");
            assertTrue(payload.contains("\"name\":\"Flushed\""), payload);
        }
    }

    @AllDatabases
    void changesWrittenOutsideASuppressedBlockArePublishedEvenWhenTheCommitIsInside(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            try (Session session = jpa.sessionFactory().openSession()) {
                session.beginTransaction();
                session.persist(new User("Written outside"));
                session.flush();
                Suppressor.suppress(() -> session.getTransaction().commit());
            }
            assertEquals(List.of("user_created"), jpa.events());
        }
    }

    @AllDatabases
    void aSessionClosedWithoutCompletingItsTransactionIsNotKeptAlive(TestDatabase db) throws InterruptedException {
        try (Jpa jpa = Jpa.start(db)) {
            for (int i = 0; i < 5; i++) {
                Session session = jpa.sessionFactory().openSession();
                session.beginTransaction();
                session.persist(new User("Abandoned"));
                session.flush();
                session.close();
            }
            ChangeCapture capture = ChangeCaptureAccess.capture(jpa.sessionFactory());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (capture.openTransactions() > 0 && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            assertEquals(0, capture.openTransactions());
        }
    }

    @AllDatabases
    void aStatelessSessionIsCapturedOnHibernate7AndRefusedClearlyOn6(TestDatabase db) {
        try (Jpa jpa = Jpa.start(db)) {
            try (StatelessSession stateless = jpa.sessionFactory().openStatelessSession()) {
                stateless.beginTransaction();
                if (Sessions.HIBERNATE_7_OR_LATER) {
                    stateless.insert(new User("Stateless"));
                    stateless.getTransaction().commit();
                    assertEquals(List.of("user_created"), jpa.events());
                } else {
                    IllegalStateException refused = assertThrows(IllegalStateException.class,
                            () -> stateless.insert(new User("Stateless")));
                    assertTrue(refused.getMessage().startsWith("User was written through a StatelessSession"),
                            refused.getMessage());
                    stateless.getTransaction().rollback();
                    assertFalse(jpa.rows().iterator().hasNext());
                }
            }
        }
    }
}
