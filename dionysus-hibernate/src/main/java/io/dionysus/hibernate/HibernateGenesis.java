package io.dionysus.hibernate;

import io.dionysus.runtime.DionysusModels;
import io.dionysus.runtime.DionysusPublisher;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import io.dionysus.runtime.spi.ModelRegistration;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.SingularAttribute;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Genesis for JPA (the gem's Genesis streamer): writes a snapshot of every entity of a model, or of those a JPQL
 * condition or an id range selects, as outbox rows, e.g. to fill a new consumer or a new topic. Each entity gets
 * {@code <model>_updated} ({@code _destroyed} with its snapshot when soft-deleted), without republishing parents or
 * observers, on the {@code _genesis} twins or on the primary topics (with their twins).
 *
 * <p>Entities are read in id order in batches, each batch in its own transaction with its rows, and the persistence
 * context is cleared after each: memory stays bounded by the batch size. The {@link Listener} hears of every
 * committed batch with the last id written: a run that stopped (a crash, a failed batch, a listener that threw) is
 * continued with {@link #resumeAfter(Object)} and writes every entity once. Unlike the gem, which sends to Kafka
 * directly, the rows go through the outbox: ordered with the service's other rows, relayed with their guarantees.
 *
 * <pre>{@code
 * HibernateGenesis.of(entityManagerFactory)
 *         .model(User.class)
 *         .where("e.createdAt >= :since", Map.of("since", since))   // optional, JPQL on the alias e
 *         .batchSize(1000)
 *         .listener(progress -> log.info("{}", progress))
 *         .run();
 * }</pre>
 */
public final class HibernateGenesis {

    /** Where the snapshots go. */
    public enum Target {
        /** The {@code _genesis} twins only (the gem's {@code genesis_only}); the model must have one. */
        GENESIS_TWINS,
        /** The primary topics, and their twins, as every message of the model. */
        PRIMARY_TOPICS
    }

    /** Hears of every committed batch; an exception it throws stops the run (resume it later). */
    @FunctionalInterface
    public interface Listener {
        void batchWritten(Progress progress);
    }

    /**
     * Where a run stands after a committed batch.
     *
     * @param model the model name
     * @param done entities written by this run
     * @param total entities this run selected when it started (those after the resume point)
     * @param lastId the last id written: {@link #resumeAfter(Object)} continues after it
     * @param elapsed time since the run started
     */
    public record Progress(String model, long done, long total, Object lastId, Duration elapsed) {

        /** Entities per second so far. */
        public double rate() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds <= 0 ? 0 : done / seconds;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s genesis: %d/%d (%.0f/s), last id %s", model, done, total,
                    rate(), lastId);
        }
    }

    // JPA's interfaces where Hibernate 6 and 7 differ in return types, so one compiled call serves both
    private final EntityManagerFactory entityManagerFactory;
    private final SessionFactory sessionFactory;
    private final DionysusModels models;
    private Outbox outbox = Outbox.builder().build();
    private Clock clock = Clock.systemUTC();

    private HibernateGenesis(EntityManagerFactory entityManagerFactory, DionysusModels models) {
        this.entityManagerFactory = entityManagerFactory;
        this.sessionFactory = entityManagerFactory.unwrap(SessionFactory.class);
        this.models = models;
    }

    /** A genesis over an {@code EntityManagerFactory} (Hibernate's), with the models on its class path. */
    public static HibernateGenesis of(EntityManagerFactory entityManagerFactory) {
        return new HibernateGenesis(entityManagerFactory, DionysusModels.load());
    }

    /** The outbox the rows are written with. Default: {@code Outbox.builder().build()}. */
    public HibernateGenesis outbox(Outbox outbox) {
        this.outbox = Objects.requireNonNull(outbox);
        return this;
    }

    /** The clock for {@link Progress#elapsed()}. Default: the system UTC clock. */
    public HibernateGenesis clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    /**
     * Starts a run over one model.
     *
     * @throws IllegalArgumentException when {@code type} is no entity with a generated publisher
     */
    @SuppressWarnings("unchecked")
    public <T> Run<T> model(Class<T> type) {
        ModelRegistration<?> registration = models.find(type);
        if (registration == null) {
            throw new IllegalArgumentException(type.getName() + " is not a published model: annotate it (or a"
                    + " superclass) with @DionysusTopic and compile it with the Dionysus processor");
        }
        // an entity subclass without a publisher of its own is published as its nearest published superclass
        DionysusPublisher<T> publisher = (DionysusPublisher<T>) registration.publisherFactory().apply(outbox);
        EntityType<T> entity = entityManagerFactory.getMetamodel().entity(type);
        SingularAttribute<? super T, ?> id = entity.getSingularAttributes().stream()
                .filter(SingularAttribute::isId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type.getName() + " has no single id attribute"));
        return new Run<>(type, publisher, entity.getName(), id.getName());
    }

    /** One genesis run; configure, then {@link #run()}. */
    public final class Run<T> {
        private final Class<T> type;
        private final DionysusPublisher<T> publisher;
        private final String entityName;
        private final String idName;
        private String condition;
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private Object after;
        private Object from;
        private Object upTo;
        private int batchSize = 1000;
        private Target target;
        private Listener listener = progress -> { };

        private Run(Class<T> type, DionysusPublisher<T> publisher, String entityName, String idName) {
            this.type = type;
            this.publisher = publisher;
            this.entityName = entityName;
            this.idName = idName;
            this.target = publisher.model().hasGenesisTwins() ? Target.GENESIS_TWINS : Target.PRIMARY_TOPICS;
        }

        /**
         * Only entities matching a JPQL condition on the alias {@code e}, e.g. {@code "e.updatedAt >= :since"}
         * (the gem's {@code query_conditions} and {@code from}/{@code to}). Default: all.
         */
        public Run<T> where(String jpqlCondition, Map<String, ?> namedParameters) {
            this.condition = Objects.requireNonNull(jpqlCondition);
            this.parameters.clear();
            this.parameters.putAll(namedParameters);
            return this;
        }

        /**
         * Only ids from {@code from} to {@code to}, both included; {@code null} leaves a side open. Combines with
         * {@link #where}, in either order.
         *
         * @throws IllegalArgumentException when {@code from} is after {@code to}
         */
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Run<T> idRange(Object from, Object to) {
            if (from instanceof Comparable low && to != null && low.compareTo(to) > 0) {
                throw new IllegalArgumentException("idRange(" + from + ", " + to + "): from is after to");
            }
            this.from = from;
            this.upTo = to;
            return this;
        }

        /** Continues a run that stopped: only ids after {@code lastId} (a {@link Progress#lastId()}). */
        public Run<T> resumeAfter(Object lastId) {
            this.after = lastId;
            return this;
        }

        /** Entities per transaction (and per cleared persistence context). Default 1000. */
        public Run<T> batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Where the snapshots go. Default: the genesis twins when the model has any, else the primary topics.
         *
         * @throws IllegalArgumentException for {@code GENESIS_TWINS} on a model without a twin
         */
        public Run<T> target(Target target) {
            if (target == Target.GENESIS_TWINS && !publisher.model().hasGenesisTwins()) {
                throw new IllegalArgumentException(publisher.model().modelName() + " has no genesis twin: declare"
                        + " @DionysusTopic(genesisReplica = true) or stream to PRIMARY_TOPICS");
            }
            this.target = Objects.requireNonNull(target);
            return this;
        }

        /** Hears of every committed batch. Default: none. */
        public Run<T> listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Writes the snapshots, batch after batch, and returns the last progress (done 0 when nothing matched).
         *
         * @throws java.util.concurrent.CancellationException when the thread was interrupted (checked between
         *     batches; the flag stays set)
         * @throws RuntimeException what a failed batch or the listener threw; committed batches stay written
         */
        public Progress run() {
            Instant started = clock.instant();
            long total;
            try (Session session = sessionFactory.openSession()) {
                total = query(session, "select count(e) from " + entityName + " e", Long.class, after).getSingleResult();
            }
            long done = 0;
            Object lastId = after;
            Progress progress = new Progress(publisher.model().modelName(), 0, total, lastId, Duration.ZERO);
            boolean genesisOnly = target == Target.GENESIS_TWINS;
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.util.concurrent.CancellationException("genesis of " + progress.model()
                            + " interrupted after " + done + " entities; resumeAfter(" + lastId + ") continues it");
                }
                List<OutboxEntry> rows = new ArrayList<>();
                Object batchLastId;
                int count;
                try (Session session = sessionFactory.openSession()) {
                    session.beginTransaction();
                    List<T> batch = query(session, "select e from " + entityName + " e", type, lastId)
                            .setMaxResults(batchSize).getResultList();
                    count = batch.size();
                    if (count == 0) {
                        session.getTransaction().rollback();
                        return progress;
                    }
                    for (T entity : batch) {
                        rows.addAll(publisher.snapshotEntries(entity, genesisOnly));
                    }
                    batchLastId = session.getIdentifier(batch.get(count - 1));
                    session.doWork(connection -> outbox.insert(connection, rows));
                    session.getTransaction().commit();
                }
                done += count;
                lastId = batchLastId;
                progress = new Progress(publisher.model().modelName(), done, total, lastId,
                        Duration.between(started, clock.instant()));
                listener.batchWritten(progress);
                if (count < batchSize) {
                    return progress;
                }
            }
        }

        private <R> TypedQuery<R> query(EntityManager session, String select, Class<R> result, Object afterId) {
            StringBuilder jpql = new StringBuilder(select);
            List<String> conditions = new ArrayList<>();
            if (condition != null) {
                conditions.add("(" + condition + ")");
            }
            if (afterId != null) {
                conditions.add("e." + idName + " > :dionysusAfter");
            }
            if (from != null) {
                conditions.add("e." + idName + " >= :dionysusFrom");
            }
            if (upTo != null) {
                conditions.add("e." + idName + " <= :dionysusUpTo");
            }
            if (!conditions.isEmpty()) {
                jpql.append(" where ").append(String.join(" and ", conditions));
            }
            if (!result.equals(Long.class)) {
                jpql.append(" order by e.").append(idName);
            }
            TypedQuery<R> query = session.createQuery(jpql.toString(), result);
            parameters.forEach(query::setParameter);
            if (afterId != null) {
                query.setParameter("dionysusAfter", afterId);
            }
            if (from != null) {
                query.setParameter("dionysusFrom", from);
            }
            if (upTo != null) {
                query.setParameter("dionysusUpTo", upTo);
            }
            return query;
        }
    }
}
