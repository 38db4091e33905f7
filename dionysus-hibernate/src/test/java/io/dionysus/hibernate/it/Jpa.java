package io.dionysus.hibernate.it;

import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/** A real Hibernate session factory over a test database, with the test entities and the outbox table. */
public final class Jpa implements AutoCloseable {

    public static final List<Class<?>> ENTITIES = List.of(User.class, Account.class, Rental.class, Hotel.class,
            Room.class, Review.class);

    private final TestDatabase db;
    private final SessionFactory sessionFactory;

    private Jpa(TestDatabase db, SessionFactory sessionFactory) {
        this.db = db;
        this.sessionFactory = sessionFactory;
    }

    /** A session factory with the given extra settings (e.g. {@code dionysus.capture.enabled}). */
    public static Jpa start(TestDatabase db, Map<String, Object> settings) {
        OutboxSchema.install(db.dataSource());
        Configuration configuration = new Configuration();
        ENTITIES.forEach(configuration::addAnnotatedClass);
        configuration.getProperties().put("hibernate.connection.datasource", db.dataSource());
        configuration.setProperty("hibernate.hbm2ddl.auto", "create");
        configuration.setProperty("hibernate.show_sql", "false");
        // column names as Spring Boot and Rails make them: updated_at
        configuration.setProperty("hibernate.physical_naming_strategy",
                "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy");
        settings.forEach((key, value) -> configuration.getProperties().put(key, value));
        return new Jpa(db, configuration.buildSessionFactory());
    }

    public static Jpa start(TestDatabase db) {
        return start(db, Map.of());
    }

    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    /** Runs {@code work} in a transaction that commits. */
    public void inTransaction(Consumer<Session> work) {
        try (Session session = sessionFactory.openSession()) {
            session.beginTransaction();
            work.accept(session);
            session.getTransaction().commit();
        }
    }

    /** Runs {@code work} in a transaction that rolls back. */
    public void rolledBack(Consumer<Session> work) {
        try (Session session = sessionFactory.openSession()) {
            session.beginTransaction();
            work.accept(session);
            session.flush();
            session.getTransaction().rollback();
        }
    }

    /** The outbox rows so far, in id order. */
    public List<Map<String, Object>> rows() {
        return OutboxRows.all(db.dataSource());
    }

    /** The event names of the outbox rows so far, in id order. */
    public List<String> events() {
        return rows().stream().map(row -> (String) row.get("event_name")).toList();
    }

    /** Empties the outbox. */
    public void clearOutbox() {
        db.execute("DELETE FROM dionysus_outboxes");
    }

    @Override
    public void close() {
        sessionFactory.close();
    }
}
