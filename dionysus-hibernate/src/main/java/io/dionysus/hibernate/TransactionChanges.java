package io.dionysus.hibernate;

import io.dionysus.runtime.DionysusPublisher;
import io.dionysus.runtime.Envelope;
import io.dionysus.runtime.outbox.OutboxEntry;
import jakarta.transaction.Synchronization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The changes one transaction made to captured entities, written as outbox rows just before it commits: after
 * Hibernate's last flush (so generated ids, {@code @UpdateTimestamp} and {@code @Version} values are the committed
 * ones, and lazy state is loaded from the flushed rows), on the session's own connection, in its transaction. A
 * rollback writes nothing.
 *
 * <p>Several changes of one entity in one transaction become one event, in the order of each entity's first change:
 * inserted (and maybe updated) → {@code _created}; updated → one {@code _updated} with every dirty property;
 * deleted → {@code _destroyed}, also when it was inserted in the same transaction (the gem writes a row per
 * callback but skips {@code _created} of a record that is gone when it publishes). Rows that repeat an earlier row
 * of the transaction exactly (a parent republished by two children) are written once.
 */
final class TransactionChanges implements Synchronization {

    enum Kind { INSERT, UPDATE, DELETE }

    private final SharedSessionContractImplementor session;
    private final Runnable onCompletion;
    private final Map<Object, Change<?>> changes = new IdentityHashMap<>();
    private final List<Change<?>> order = new ArrayList<>();

    TransactionChanges(SharedSessionContractImplementor session, Runnable onCompletion) {
        this.session = session;
        this.onCompletion = onCompletion;
    }

    void record(DionysusPublisher<?> publisher, Object entity, Kind kind, Set<String> changed) {
        Change<?> change = changes.get(entity);
        if (change == null) {
            change = new Change<>(publisher, entity);
            changes.put(entity, change);
            order.add(change);
        }
        change.add(kind, changed);
    }

    @Override
    public void beforeCompletion() {
        if (order.isEmpty() || !order.get(0).publisher.outbox().enabled()) {
            return;
        }
        List<OutboxEntry> rows = new ArrayList<>();
        Set<RowIdentity> written = new HashSet<>();
        for (Change<?> change : order) {
            for (OutboxEntry row : change.rows()) {
                if (written.add(new RowIdentity(row))) {
                    rows.add(row);
                }
            }
        }
        if (!rows.isEmpty()) {
            session.doWork(connection -> order.get(0).publisher.outbox().insert(connection, rows));
        }
    }

    @Override
    public void afterCompletion(int status) {
        onCompletion.run();
    }

    /** What one entity went through in this transaction. */
    private static final class Change<T> {
        private final DionysusPublisher<T> publisher;
        private final T entity;
        private boolean inserted;
        private boolean deleted;
        private Set<String> changed = new LinkedHashSet<>();

        @SuppressWarnings("unchecked")
        Change(DionysusPublisher<?> publisher, Object entity) {
            // the publisher was chosen by the entity's own persister, so the entity is its model type
            this.publisher = (DionysusPublisher<T>) publisher;
            this.entity = (T) entity;
        }

        void add(Kind kind, Set<String> names) {
            switch (kind) {
                case INSERT -> inserted = true;
                case DELETE -> deleted = true;
                case UPDATE -> {
                    if (names == null) {
                        changed = null;
                    } else if (changed != null) {
                        changed.addAll(names);
                    }
                }
            }
        }

        List<OutboxEntry> rows() {
            if (deleted) {
                return publisher.entries(Envelope.Event.DESTROYED, entity);
            }
            if (inserted) {
                return publisher.entries(Envelope.Event.CREATED, entity);
            }
            return changed == null ? publisher.entries(Envelope.Event.UPDATED, entity)
                    : publisher.updatedEntries(entity, changed);
        }
    }

    /** Rows that would carry the same message to the same place. */
    private record RowIdentity(String topic, String messageKey, String eventName, String payload) {
        RowIdentity(OutboxEntry row) {
            this(row.topic(), row.messageKey(), row.eventName(), Objects.requireNonNullElse(row.payload(), ""));
        }
    }
}
