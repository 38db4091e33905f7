package io.dionysus.hibernate;

import io.dionysus.runtime.DionysusPublisher;
import io.dionysus.runtime.Envelope;
import io.dionysus.runtime.Reached;
import io.dionysus.runtime.outbox.OutboxEntry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Synchronization;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;

/**
 * The changes one transaction made to captured entities, written as outbox rows just before it commits: after
 * Hibernate's last flush, on the session's own connection, in its transaction. A rollback writes nothing.
 *
 * <p>What is serialized is the committed state: an entity still in the session is used as it is (everything is
 * flushed); one the session no longer holds (cleared, detached) is read again by id. The {@code with} parents and
 * observers a change republishes are refreshed from the flushed rows under a row lock ({@code PESSIMISTIC_WRITE}),
 * so their collections are current and concurrent changes of one aggregate publish in commit order; one deleted in
 * the same transaction is not republished. Entities are held weakly until the commit (a flushed and cleared batch
 * does not stay in memory), deleted ones strongly (their id is all their row needs).
 *
 * <p>Several changes of one entity in one transaction become one event, in the order of each entity's first change:
 * inserted (and maybe updated) → {@code _created}; updated → one {@code _updated} with every dirty property;
 * deleted → {@code _destroyed}, also when it was inserted in the same transaction (the gem writes a row per
 * callback but skips {@code _created} of a record that is gone when it publishes). Rows that repeat an earlier row
 * of the transaction exactly (a parent republished by two children) are written once.
 *
 * <p>After a commit that wrote rows, the outbox's {@link io.dionysus.runtime.outbox.CommitSignal} wakes the relays
 * of this JVM that listen to it, so the rows are published at once (the gem's {@code publish_after_commit}).
 */
final class TransactionChanges implements Synchronization {

    enum Kind { INSERT, UPDATE, DELETE }

    private final WeakReference<SharedSessionContractImplementor> session;
    private final Runnable onCompletion;
    private final Map<Identity, Change<?>> changes = new HashMap<>();
    private final List<Change<?>> order = new ArrayList<>();
    /** The outbox rows were written through, once they were: told when the transaction committed. */
    private io.dionysus.runtime.outbox.Outbox wroteTo;

    TransactionChanges(SharedSessionContractImplementor session, Runnable onCompletion) {
        this.session = new WeakReference<>(session);
        this.onCompletion = onCompletion;
    }

    void record(DionysusPublisher<?> publisher, Class<?> entityClass, Object id, Object entity, Kind kind,
            Set<String> changed) {
        Identity identity = new Identity(entityClass, id);
        Change<?> change = changes.get(identity);
        if (change == null) {
            change = new Change<>(publisher, entityClass, id, entity);
            changes.put(identity, change);
            order.add(change);
        }
        change.add(kind, changed, entity);
    }

    @Override
    public void beforeCompletion() {
        SharedSessionContractImplementor current = session.get();
        if (current == null || order.isEmpty() || !order.get(0).publisher.outbox().enabled()) {
            return;
        }
        EntityManager entityManager = current instanceof EntityManager manager ? manager : null;
        Reached reached = object -> resolveReached(entityManager, object);
        List<OutboxEntry> all = new ArrayList<>();
        for (Change<?> change : order) {
            all.addAll(change.rows(entityManager, reached));
        }
        List<OutboxEntry> rows = all;
        if (all.size() > 1) {
            rows = new ArrayList<>(all.size());
            Set<RowIdentity> written = new HashSet<>();
            for (OutboxEntry row : all) {
                if (written.add(new RowIdentity(row))) {
                    rows.add(row);
                }
            }
        }
        if (!rows.isEmpty()) {
            List<OutboxEntry> unique = rows;
            io.dionysus.runtime.outbox.Outbox outbox = order.get(0).publisher.outbox();
            current.doWork(connection -> outbox.insert(connection, unique));
            wroteTo = outbox;
        }
    }

    /** Wakes the relays listening to the outbox when rows were written and the transaction committed. */
    @Override
    public void afterCompletion(int status) {
        try {
            onCompletion.run();
        } finally {
            if (wroteTo != null && status == jakarta.transaction.Status.STATUS_COMMITTED) {
                wroteTo.committed();
            }
        }
    }

    /** A parent or observer as it is committed now, locked; {@code null} when it was deleted in this transaction. */
    private Object resolveReached(EntityManager entityManager, Object reached) {
        if (entityManager == null) {
            return reached; // a stateless session: no persistence context to refresh in
        }
        LazyInitializer proxy = HibernateProxy.extractLazyInitializer(reached);
        Object id;
        Class<?> type;
        try {
            if (proxy != null) {
                id = proxy.getInternalIdentifier();
                type = proxy.getPersistentClass();
            } else {
                id = entityManager.getEntityManagerFactory().getPersistenceUnitUtil().getIdentifier(reached);
                type = reached.getClass();
            }
        } catch (IllegalArgumentException notAnEntity) {
            return reached; // a model that is not a JPA entity: republished as it is
        }
        if (deleted(type, id)) {
            return null;
        }
        if (proxy != null || entityManager.contains(reached)) {
            entityManager.refresh(reached, LockModeType.PESSIMISTIC_WRITE);
            return reached;
        }
        return entityManager.find(type, id, LockModeType.PESSIMISTIC_WRITE); // detached: its committed state
    }

    private boolean deleted(Class<?> type, Object id) {
        for (Change<?> change : order) {
            if (change.deleted && Objects.equals(change.id, id)
                    && (change.entityClass.isAssignableFrom(type) || type.isAssignableFrom(change.entityClass))) {
                return true;
            }
        }
        return false;
    }

    /** What one entity went through in this transaction. */
    private static final class Change<T> {
        private final DionysusPublisher<T> publisher;
        private final Class<T> entityClass;
        private final Object id;
        private WeakReference<T> entity;
        private T deletedEntity;
        private boolean inserted;
        private boolean deleted;
        private Set<String> changed = new LinkedHashSet<>();

        @SuppressWarnings("unchecked")
        Change(DionysusPublisher<?> publisher, Class<?> entityClass, Object id, Object entity) {
            // the publisher was chosen by the entity's own persister, so the entity is its model type
            this.publisher = (DionysusPublisher<T>) publisher;
            this.entityClass = (Class<T>) entityClass;
            this.id = id;
            this.entity = new WeakReference<>((T) entity);
        }

        @SuppressWarnings("unchecked")
        void add(Kind kind, Set<String> names, Object instance) {
            entity = new WeakReference<>((T) instance);
            switch (kind) {
                case INSERT -> inserted = true;
                case DELETE -> {
                    deleted = true;
                    deletedEntity = (T) instance;
                }
                case UPDATE -> {
                    if (names == null) {
                        changed = null;
                    } else if (changed != null) {
                        changed.addAll(names);
                    }
                }
            }
        }

        List<OutboxEntry> rows(EntityManager entityManager, Reached reached) {
            if (deleted) {
                return publisher.entries(Envelope.Event.DESTROYED, deletedEntity, reached);
            }
            T current = committed(entityManager);
            if (current == null) {
                return List.of(); // deleted meanwhile by a bulk statement: nothing to publish as created or updated
            }
            if (inserted) {
                return publisher.entries(Envelope.Event.CREATED, current, reached);
            }
            return changed == null ? publisher.entries(Envelope.Event.UPDATED, current, reached)
                    : publisher.updatedEntries(current, changed, reached);
        }

        /** The entity as committed: the session's instance, or read again when the session no longer holds it. */
        private T committed(EntityManager entityManager) {
            T instance = entity.get();
            if (entityManager == null) {
                return instance;
            }
            if (instance != null && entityManager.contains(instance)) {
                return instance;
            }
            return entityManager.find(entityClass, id);
        }
    }

    /** An entity by class and id. */
    private record Identity(Class<?> type, Object id) {
    }

    /** Rows that would carry the same message to the same place. */
    private record RowIdentity(String topic, String messageKey, String eventName, String payload) {
        RowIdentity(OutboxEntry row) {
            this(row.topic(), row.messageKey(), row.eventName(), Objects.requireNonNullElse(row.payload(), ""));
        }
    }
}
