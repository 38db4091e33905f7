package io.dionysus.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dionysus.hibernate.DionysusSettings;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestDatabases;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A business transaction through Hibernate (persist one entity, commit), three ways on the same database: without
 * Dionysus ({@code none}), with the explicit publisher call in the transaction ({@code explicit}), and with the
 * automatic capture of dionysus-hibernate ({@code capture}). The goal: capture ≥ 0.95 × explicit. A pool of two
 * connections (HikariCP), as an application has; the JIT needs some 30,000 transactions, hence the long warm-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(2)
public class CaptureBenchmark {

    @Param({"none", "explicit", "capture"})
    public String variant;

    @Param({"H2", "POSTGRESQL"})
    public TestDatabase.Kind database;

    private HikariDataSource dataSource;
    private SessionFactory sessionFactory;
    private GuestDionysusPublisher publisher;
    private long counter;

    @Setup(Level.Trial)
    public void start() {
        TestDatabase db = TestDatabases.create(database);
        OutboxSchema.install(db.dataSource());
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(db.dataSource());
        pool.setMaximumPoolSize(2);
        dataSource = new HikariDataSource(pool);
        Configuration configuration = new Configuration().addAnnotatedClass(Guest.class);
        configuration.getProperties().put("hibernate.connection.datasource", dataSource);
        configuration.setProperty("hibernate.hbm2ddl.auto", "create");
        configuration.setProperty("hibernate.physical_naming_strategy",
                "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy");
        configuration.setProperty(DionysusSettings.CAPTURE_ENABLED, String.valueOf(variant.equals("capture")));
        sessionFactory = configuration.buildSessionFactory();
        publisher = new GuestDionysusPublisher(Outbox.builder().build());
    }

    /** Empties both tables, so that an in-memory database does not grow through the run. */
    public void truncate() {
        try (Session session = sessionFactory.openSession()) {
            session.beginTransaction();
            session.createNativeMutationQuery("DELETE FROM dionysus_outboxes").executeUpdate();
            session.createNativeMutationQuery("DELETE FROM guests").executeUpdate();
            session.getTransaction().commit();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        sessionFactory.close();
        dataSource.close();
    }

    @Benchmark
    public Guest transaction() {
        try (Session session = sessionFactory.openSession()) {
            session.beginTransaction();
            long n = counter++;
            Guest guest = new Guest("Guest " + n, "guest" + n + "@example.com", BigDecimal.valueOf(n, 2),
                    Instant.now());
            session.persist(guest);
            if (variant.equals("explicit")) {
                session.doWork(connection -> publisher.created(connection, guest));
            }
            session.getTransaction().commit();
            return guest;
        }
    }
}
