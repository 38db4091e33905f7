package io.dionysus.hibernate;

import io.dionysus.runtime.DionysusPublisher;
import io.dionysus.runtime.Suppressor;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.AbstractCollectionEvent;
import org.hibernate.event.spi.PostCollectionRecreateEvent;
import org.hibernate.event.spi.PostCollectionRecreateEventListener;
import org.hibernate.event.spi.PostCollectionRemoveEvent;
import org.hibernate.event.spi.PostCollectionRemoveEventListener;
import org.hibernate.event.spi.PostCollectionUpdateEvent;
import org.hibernate.event.spi.PostCollectionUpdateEventListener;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * The adapter between Hibernate's events and the runtime's publishing path: it records which entity was inserted,
 * updated (with the names of its dirty properties) or deleted, per transaction, and leaves serializing and writing
 * to {@link TransactionChanges} just before the commit. Changes of an owning to-many collection (join table,
 * element collection) count as an update of that property of its owner; inverse ({@code mappedBy}) collections are
 * covered by their elements' own changes, as in the gem.
 */
final class ChangeCapture implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener,
        PostCollectionRecreateEventListener, PostCollectionUpdateEventListener, PostCollectionRemoveEventListener {

    private final Map<String, DionysusPublisher<?>> publishers;
    private final Map<String, Class<?>> entityClasses;
    private final Map<String, String> owningCollections;
    private final Map<String, Set<String>> owningCollectionsOf;
    // weak keys: a session closed without completing its transaction is not kept alive by its changes
    private final Map<SharedSessionContractImplementor, TransactionChanges> open =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * @param publishers the publisher of every captured entity, by Hibernate entity name
     * @param entityClasses the mapped class of every captured entity, by Hibernate entity name
     * @param owningCollections the property name of every owning collection of a captured entity, by role
     * @param owningCollectionsOf those property names by entity name
     */
    ChangeCapture(Map<String, DionysusPublisher<?>> publishers, Map<String, Class<?>> entityClasses,
            Map<String, String> owningCollections,
            Map<String, Set<String>> owningCollectionsOf) {
        this.publishers = Map.copyOf(publishers);
        this.entityClasses = Map.copyOf(entityClasses);
        this.owningCollections = Map.copyOf(owningCollections);
        this.owningCollectionsOf = Map.copyOf(owningCollectionsOf);
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        record(Sessions.of(event), event.getPersister(), event.getId(), event.getEntity(),
                TransactionChanges.Kind.INSERT, Set.of());
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        int[] dirty = event.getDirtyProperties();
        Set<String> changed = null; // unknown (e.g. a detached entity updated without its old state): all
        if (dirty != null) {
            String[] names = event.getPersister().getPropertyNames();
            changed = new LinkedHashSet<>();
            for (int index : dirty) {
                changed.add(names[index]);
            }
        }
        record(Sessions.of(event), event.getPersister(), event.getId(), event.getEntity(),
                TransactionChanges.Kind.UPDATE, changed);
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        record(Sessions.of(event), event.getPersister(), event.getId(), event.getEntity(),
                TransactionChanges.Kind.DELETE, Set.of());
    }

    @Override
    public void onPostRecreateCollection(PostCollectionRecreateEvent event) {
        collectionChanged(event);
    }

    @Override
    public void onPostUpdateCollection(PostCollectionUpdateEvent event) {
        collectionChanged(event);
    }

    @Override
    public void onPostRemoveCollection(PostCollectionRemoveEvent event) {
        collectionChanged(event);
    }

    private void collectionChanged(AbstractCollectionEvent event) {
        Object owner = event.getAffectedOwnerOrNull();
        SharedSessionContractImplementor session = Sessions.of(event);
        if (owner == null || session == null) {
            // a stateless session's collection: written with its owner's insert or update, which is captured
            return;
        }
        String role = event.getCollection().getRole();
        Set<String> changed;
        if (role != null) {
            String property = owningCollections.get(role);
            if (property == null) {
                return; // an inverse collection, or one of an entity that is not captured
            }
            changed = Set.of(property);
        } else {
            // a collection wrapper not yet bound to its role: any owning collection of the owner may have changed
            changed = owningCollectionsOf.get(event.getAffectedOwnerEntityName());
            if (changed == null) {
                return;
            }
        }
        String entityName = event.getAffectedOwnerEntityName();
        DionysusPublisher<?> publisher = publishers.get(entityName);
        if (publisher != null) {
            record(session, publisher, entityClasses.get(entityName), event.getAffectedOwnerIdOrNull(), owner,
                    TransactionChanges.Kind.UPDATE, changed);
        }
    }

    private void record(SharedSessionContractImplementor session, EntityPersister persister, Object id, Object entity,
            TransactionChanges.Kind kind, Set<String> changed) {
        DionysusPublisher<?> publisher = publishers.get(persister.getEntityName());
        if (publisher == null) {
            return;
        }
        if (session == null) {
            // Hibernate 6.6 gives a StatelessSession's entity events no session: its transaction cannot be joined
            throw new IllegalStateException(publisher.model().modelName() + " was written through a StatelessSession,"
                    + " whose changes Dionysus cannot capture on Hibernate " + org.hibernate.Version.getVersionString()
                    + ": write it through a Session, or inside Suppressor.suppress(...) and publish it with its"
                    + " generated publisher");
        }
        record(session, publisher, persister.getMappedClass(), id, entity, kind, changed);
    }

    private void record(SharedSessionContractImplementor session, DionysusPublisher<?> publisher, Class<?> entityClass,
            Object id, Object entity, TransactionChanges.Kind kind, Set<String> changed) {
        if (Suppressor.isSuppressed()) {
            return;
        }
        if (!session.isTransactionInProgress()) {
            throw new IllegalStateException(publisher.model().modelName() + " was written outside a transaction:"
                    + " Dionysus writes its outbox rows in the transaction that changes the entity; begin one");
        }
        TransactionChanges changes;
        synchronized (open) {
            changes = open.get(session);
            if (changes == null) {
                java.lang.ref.WeakReference<SharedSessionContractImplementor> key =
                        new java.lang.ref.WeakReference<>(session);
                changes = new TransactionChanges(session, () -> {
                    SharedSessionContractImplementor completed = key.get();
                    if (completed != null) {
                        open.remove(completed);
                    }
                });
                session.accessTransaction().registerSynchronization(changes);
                open.put(session, changes);
            }
        }
        changes.record(publisher, entityClass, id, entity, kind, changed);
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    /** Transactions with captured changes not yet completed; for tests of the bookkeeping. */
    int openTransactions() {
        return open.size();
    }
}
