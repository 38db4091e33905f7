package io.dionysus.runtime.consumer;

import io.dionysus.runtime.DionysusModelFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a run of planned messages set-based, with the same decisions as {@link MessageApplier} applying them one
 * by one: per synced table, the rows of all the run's synced ids are read (and locked) in one query; each record is
 * then decided in memory, in order, on the state the run's earlier records left (newest wins, soft delete, destroy);
 * and each row's final state is written with JDBC batches: deletes, then updates, then inserts, table by table.
 *
 * <p>It fails as a whole: any {@link SQLException} (a constraint violation, a bad value, a row inserted by another
 * consumer meanwhile) or {@link RuntimeException} leaves the run half-written, for the caller to roll back and apply
 * the run message by message, which isolates the failing message ({@link BatchProcessor}).
 */
final class SetBasedApplier {

    private final MessageApplier applier;

    SetBasedApplier(MessageApplier applier) {
        this.applier = applier;
    }

    /** Applies the messages; returns each message's events, as {@link MessageApplier#apply} would. */
    List<List<ConsumedEvent>> apply(Connection connection, List<PlannedMessage> messages) throws SQLException {
        Map<DionysusModelFactory<?>, Table<?>> tables = new LinkedHashMap<>();
        for (PlannedMessage message : messages) {
            for (PlannedMessage.PlannedEvent event : message.events()) {
                if (event.factory() != null && !event.records().isEmpty()) {
                    Table<?> table = tables.computeIfAbsent(event.factory(), Table::new);
                    event.records().forEach(record -> table.ids.put(record.syncedId(), Boolean.TRUE));
                }
            }
        }
        for (Table<?> table : tables.values()) {
            table.load(connection);
        }
        List<List<ConsumedEvent>> consumed = new ArrayList<>(messages.size());
        for (PlannedMessage message : messages) {
            List<ConsumedEvent> events = new ArrayList<>(message.events().size());
            for (PlannedMessage.PlannedEvent event : message.events()) {
                Map<String, Map<String, List<Object>>> changes = new LinkedHashMap<>();
                if (event.factory() != null) {
                    Table<?> table = tables.get(event.factory());
                    for (PlannedMessage.PlannedRecord record : event.records()) {
                        table.decide(applier, event.kind(), record, changes);
                    }
                }
                events.add(event.consumed(message.topic(), changes));
            }
            consumed.add(events);
        }
        for (Table<?> table : tables.values()) {
            table.write(connection);
        }
        return consumed;
    }

    /** The run's rows of one synced table: as read, then as decided. */
    private static final class Table<T> {

        private final DionysusModelFactory<T> factory;
        /** The run's synced ids, in order of first appearance (a map, as a set taking nulls would not help). */
        private final Map<Object, Boolean> ids = new LinkedHashMap<>();
        private final Map<Object, Slot<T>> slots = new LinkedHashMap<>();
        private Set<String> zoneLess = Set.of();

        @SuppressWarnings("unchecked")
        Table(DionysusModelFactory<?> factory) {
            this.factory = (DionysusModelFactory<T>) factory;
        }

        void load(Connection connection) throws SQLException {
            SyncedStore.FoundAll<T> found = SyncedStore.findAll(connection, factory, List.copyOf(ids.keySet()));
            zoneLess = found.zoneLessColumns();
            for (Object id : ids.keySet()) {
                T row = found.models().get(id);
                slots.put(id, new Slot<>(row));
            }
        }

        void decide(MessageApplier applier, String kind, PlannedMessage.PlannedRecord record,
                Map<String, Map<String, List<Object>>> changes) {
            Slot<T> slot = slots.get(record.syncedId());
            MessageApplier.Decision<T> decision = applier.decide(factory, kind, record, slot.model);
            if (decision == null) {
                return;
            }
            if (decision.model() == null) {
                slot.model = null;
                slot.dirty = false;
                slot.deleteStored |= slot.stored;
            } else {
                slot.model = decision.model();
                slot.dirty = true;
            }
            changes.put(factory.modelName() + ":" + record.syncedId(), decision.changed());
        }

        void write(Connection connection) throws SQLException {
            List<Object> deletes = new ArrayList<>();
            List<Object> updateIds = new ArrayList<>();
            List<Map<String, Object>> updates = new ArrayList<>();
            List<Map<String, Object>> inserts = new ArrayList<>();
            for (Map.Entry<Object, Slot<T>> entry : slots.entrySet()) {
                Slot<T> slot = entry.getValue();
                if (slot.deleteStored) {
                    deletes.add(entry.getKey());
                }
                if (slot.model != null && slot.dirty) {
                    if (slot.stored && !slot.deleteStored) {
                        updateIds.add(entry.getKey());
                        updates.add(factory.columns(slot.model));
                    } else {
                        inserts.add(factory.columns(slot.model));
                    }
                }
            }
            SyncedStore.deleteAll(connection, factory, deletes);
            SyncedStore.updateAll(connection, factory, updates, updateIds, zoneLess);
            SyncedStore.insertAll(connection, factory, inserts, zoneLess);
        }
    }

    /**
     * One synced id's row: {@code stored} whether it was in the table when the run began, {@code model} its state now
     * ({@code null}: none), {@code dirty} whether that state is to be written, {@code deleteStored} whether the stored
     * row is to be deleted (also when it is re-created after, as a new row, as the per-message path does).
     */
    private static final class Slot<T> {
        private final boolean stored;
        private T model;
        private boolean dirty;
        private boolean deleteStored;

        Slot(T stored) {
            this.stored = stored != null;
            this.model = stored;
        }
    }
}
