package io.dionysus.runtime.consumer;

import io.dionysus.runtime.DionysusModelFactory;
import io.dionysus.runtime.internal.WireValues;
import io.dionysus.runtime.naming.Inflector;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one received message to the synced models, on the caller's connection and transaction, as the gem's
 * persistor: upsert by synced id for {@code _created}/{@code _updated} unless the local copy is newer, delete or
 * soft-delete for {@code _destroyed}, restore when a created/updated record carries no {@code canceled_at}.
 *
 * <p>The consumer loop uses it in two steps: each message is first planned without the database (read, transformed,
 * filtered, its values checked), then applied either alone, as {@link #apply} does, or set-based with the other
 * messages of its run; both take the same in-memory decision per record on the row's current state.
 */
public final class MessageApplier {

    private static final Logger LOG = LoggerFactory.getLogger(MessageApplier.class);

    private final Map<String, DionysusModelFactory<?>> factories;
    /** The factories by their model name's underscored form: {@code admin_user} for {@code Admin::User}. */
    private final Map<String, DionysusModelFactory<?>> byUnderscoredName;
    private final List<MessageFilter> filters;
    private final Clock clock;
    private final java.util.function.Consumer<RuntimeException> skippedRecords;

    /** An applier for these factories, found by their remote model name. */
    public MessageApplier(List<DionysusModelFactory<?>> factories, Clock clock) {
        this(factories, List.of(), clock);
    }

    /** An applier for these factories, skipping the events one of the filters ignores. */
    public MessageApplier(List<DionysusModelFactory<?>> factories, List<MessageFilter> filters, Clock clock) {
        this(factories, filters, clock, skipped -> { });
    }

    /**
     * As {@link #MessageApplier(List, List, Clock)}; {@code skippedRecords} hears of every record skipped because it
     * has no id (the gem skips such a record, logging an error, and applies the others of its message).
     */
    public MessageApplier(List<DionysusModelFactory<?>> factories, List<MessageFilter> filters, Clock clock,
            java.util.function.Consumer<RuntimeException> skippedRecords) {
        this.skippedRecords = Objects.requireNonNull(skippedRecords);
        Map<String, DionysusModelFactory<?>> byName = new LinkedHashMap<>();
        for (DionysusModelFactory<?> factory : factories) {
            byName.put(factory.modelName(), factory);
        }
        this.factories = byName;
        Map<String, DionysusModelFactory<?>> byUnderscored = new LinkedHashMap<>();
        for (DionysusModelFactory<?> factory : factories) {
            byUnderscored.putIfAbsent(Inflector.underscore(factory.modelName()), factory);
        }
        this.byUnderscoredName = byUnderscored;
        this.filters = List.copyOf(filters);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Applies a Kafka value. Returns the events as the listener sees them; ignored events (unknown event types or
     * models) are included with no local changes, tombstones give none.
     *
     * @throws SQLException when the database fails
     * @throws IllegalArgumentException when the message is malformed or a value does not convert
     */
    public List<ConsumedEvent> apply(Connection connection, String topic, byte[] value) throws SQLException {
        return apply(connection, plan(topic, value));
    }

    /**
     * Everything of applying a message that needs no database: reads the envelope, transforms and filters its
     * events, and checks each record (its id, its values, its time). A record without id is skipped here, once.
     *
     * @throws IllegalArgumentException when the message is malformed or a value does not convert
     */
    PlannedMessage plan(String topic, byte[] value) {
        List<PlannedMessage.PlannedEvent> events = new ArrayList<>();
        boolean setBased = true;
        for (ReceivedEvent event : EnvelopeParser.parse(value)) {
            List<Map<String, Object>> transformed = new ArrayList<>(event.records().size());
            for (Map<String, Object> record : event.records()) {
                transformed.add(RecordTransformer.transform(record));
            }
            if (ignored(topic, event, transformed)) {
                continue;
            }
            String kind = kind(event.eventName());
            DionysusModelFactory<?> factory = factories.get(event.modelName());
            List<PlannedMessage.PlannedRecord> records = new ArrayList<>(transformed.size());
            if (kind == null) {
                LOG.debug("ignoring event {} on {}: not created, updated or destroyed", event.eventName(), topic);
                factory = null;
            } else if (factory == null) {
                LOG.debug("ignoring {} on {}: no synced model for {}", event.eventName(), topic, event.modelName());
            } else {
                for (int i = 0; i < transformed.size(); i++) {
                    PlannedMessage.PlannedRecord planned =
                            planRecord(factory, kind, event.records().get(i), transformed.get(i));
                    if (planned != null) {
                        records.add(planned);
                        setBased &= !sideloads(planned.record());
                    }
                }
            }
            events.add(new PlannedMessage.PlannedEvent(event.eventName(), event.modelName(), transformed,
                    factory == null ? null : kind, factory, records));
        }
        return new PlannedMessage(topic, events, setBased);
    }

    /** Applies a planned message record by record, each to its row read (and locked) from the database. */
    List<ConsumedEvent> apply(Connection connection, PlannedMessage message) throws SQLException {
        List<ConsumedEvent> consumed = new ArrayList<>(message.events().size());
        for (PlannedMessage.PlannedEvent event : message.events()) {
            Map<String, Map<String, List<Object>>> changes = new LinkedHashMap<>();
            for (PlannedMessage.PlannedRecord record : event.records()) {
                applyPlanned(connection, event.factory(), event.kind(), record, changes);
            }
            consumed.add(event.consumed(message.topic(), changes));
        }
        return consumed;
    }

    private boolean ignored(String topic, ReceivedEvent event, List<Map<String, Object>> transformed) {
        for (MessageFilter filter : filters) {
            if (filter.ignore(topic, event, transformed)) {
                LOG.warn("Ignoring Kafka message: {} of {} on {} was filtered out by {}", event.eventName(),
                        event.modelName(), topic, filter);
                return true;
            }
        }
        return false;
    }

    private static String kind(String eventName) {
        for (String kind : new String[] {"created", "updated", "destroyed"}) {
            if (eventName.endsWith("_" + kind)) {
                return kind;
            }
        }
        return null;
    }

    /** Whether a record carries a sideloaded relationship (a {@code links} name that is also a non-null key). */
    private static boolean sideloads(Map<String, Object> record) {
        if (record.get("links") instanceof Map<?, ?> links) {
            for (Object name : links.keySet()) {
                if (record.get(String.valueOf(name)) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A record's id and time, its values converted (on a new model) to find conversion errors before any write;
     * {@code null} when it has no id: as the gem, it is skipped with an error and the message's other records are
     * applied.
     */
    private <T> PlannedMessage.PlannedRecord planRecord(DionysusModelFactory<T> factory, String kind,
            Map<String, Object> record, Map<String, Object> attributes) {
        if (attributes.get("synced_id") == null) {
            IllegalArgumentException skipped = new IllegalArgumentException("a " + factory.modelName()
                    + " record without id was skipped (" + kind + "): " + record);
            LOG.error("{}", skipped.getMessage());
            skippedRecords.accept(skipped);
            return null;
        }
        T incoming = factory.newInstance();
        factory.assign(incoming, attributes);
        Object syncedId = factory.columns(incoming).get(factory.syncedIdColumn());
        Instant eventTime = WireValues.toInstant(attributes.get("synced_updated_at"), "updated_at");
        if (eventTime == null) {
            eventTime = WireValues.toInstant(attributes.get("synced_created_at"), "created_at");
        }
        return new PlannedMessage.PlannedRecord(record, attributes, syncedId, eventTime);
    }

    private <T> void applyPlanned(Connection connection, DionysusModelFactory<T> factory, String kind,
            PlannedMessage.PlannedRecord record, Map<String, Map<String, List<Object>>> changes) throws SQLException {
        if (!applyOnce(connection, factory, kind, record, changes)
                && !applyOnce(connection, factory, kind, record, changes)) {
            throw new SQLException("the " + factory.modelName() + " " + record.syncedId() + " row vanished while it"
                    + " was inserted concurrently", "40001");
        }
    }

    /** A sideloaded record, planned and applied at once. */
    private <T> void apply(Connection connection, DionysusModelFactory<T> factory, String kind,
            Map<String, Object> record, Map<String, Object> attributes,
            Map<String, Map<String, List<Object>>> changes) throws SQLException {
        PlannedMessage.PlannedRecord planned = planRecord(factory, kind, record, attributes);
        if (planned != null) {
            applyPlanned(connection, factory, kind, planned, changes);
        }
    }

    /**
     * What applying a record to the current state of its synced row does, decided in memory (the gem's persistor):
     * nothing when the record is older than the row (by {@code updated_at}, else {@code created_at}, as instants) or
     * destroys a row that is not there; a deletion ({@code model} null) when it destroys a model that is not
     * soft-deletable; else the row to write, canceled by a destroy and restored by a create or update that carries no
     * {@code canceled_at}. Assigns the record to {@code existing}, which becomes the new state.
     *
     * @param model the model to write, or {@code null} to delete the row
     * @param before the row's columns before (empty when there was none)
     * @param after the columns to write (empty for a deletion)
     */
    record Decision<T>(T model, Map<String, Object> before, Map<String, Object> after) {

        /** The changed columns as {@code [old, new]}, as the listener hears of them. */
        Map<String, List<Object>> changed() {
            return diff(before, after);
        }
    }

    /** See {@link Decision}; {@code null} when the record changes nothing. */
    <T> Decision<T> decide(DionysusModelFactory<T> factory, String kind, PlannedMessage.PlannedRecord record,
            T existing) {
        Instant eventTime = record.eventTime();
        Map<String, Object> before = Map.of();
        if (existing != null) {
            Instant local = factory.syncedUpdatedAt(existing);
            if (local == null) {
                local = factory.syncedCreatedAt(existing);
            }
            if (eventTime != null && local != null && eventTime.isBefore(local)) {
                LOG.debug("skipping {} {} {}: its time {} is older than the local copy's {}", factory.modelName(),
                        record.syncedId(), kind, eventTime, local);
                return null;
            }
            before = factory.columns(existing);
        }
        T model = existing != null ? existing : factory.newInstance();
        Map<String, Object> attributes = record.attributes();
        factory.assign(model, attributes);
        boolean hasCanceledAt = attributes.containsKey("synced_canceled_at");

        if (kind.equals("destroyed") && !factory.softDeletable()) {
            return existing == null ? null : new Decision<>(null, before, Map.of());
        }
        if (kind.equals("destroyed") && (!hasCanceledAt || factory.syncedCanceledAt(model) == null)) {
            factory.syncedCanceledAt(model, eventTime != null ? eventTime : clock.instant());
        } else if (!kind.equals("destroyed") && factory.softDeletable() && !hasCanceledAt) {
            factory.syncedCanceledAt(model, null);
        }
        return new Decision<>(model, before, factory.columns(model));
    }

    /**
     * Applies a record to the locked row of its synced id; {@code false} when the row was missing and another
     * consumer's transaction inserted it meanwhile, for the caller to apply the record again, to that row (so the
     * newer of the two wins, as always).
     */
    private <T> boolean applyOnce(Connection connection, DionysusModelFactory<T> factory, String kind,
            PlannedMessage.PlannedRecord record, Map<String, Map<String, List<Object>>> changes) throws SQLException {
        Object syncedId = record.syncedId();
        SyncedStore.Found<T> found = SyncedStore.find(connection, factory, syncedId);
        T existing = found.model();
        Decision<T> decision = decide(factory, kind, record, existing);
        if (decision == null) {
            return true;
        }
        if (decision.model() == null) {
            SyncedStore.delete(connection, factory, syncedId);
            changes.put(factory.modelName() + ":" + syncedId, decision.changed());
            return true;
        }
        if (existing != null) {
            SyncedStore.update(connection, factory, decision.after(), syncedId, found.zoneLessColumns());
        } else if (!SyncedStore.insert(connection, factory, decision.after(), syncedId, found.zoneLessColumns())) {
            LOG.debug("{} {} was inserted by another transaction meanwhile; applying {} to it", factory.modelName(),
                    syncedId, kind);
            return false;
        }
        changes.put(factory.modelName() + ":" + syncedId, decision.changed());
        applySideloads(connection, kind, record.record(), decision.model(), changes);
        return true;
    }

    /**
     * The gem's nested persistence (reference C10): each sideloaded relationship's records are applied through the
     * factory of the relationship's model (by polymorphic type, relationship name, its classified singular, or
     * the singular as a namespaced model's underscored name: {@code admin_users} → {@code Admin::User}),
     * children of a destroyed aggregate are upserted, not deleted; then the parent's association hooks run.
     */
    private void applySideloads(Connection connection, String kind, Map<String, Object> record, Object parent,
            Map<String, Map<String, List<Object>>> changes) throws SQLException {
        if (!(record.get("links") instanceof Map<?, ?> links)) {
            return;
        }
        String childKind = kind.equals("destroyed") ? "updated" : kind;
        for (Map.Entry<?, ?> link : links.entrySet()) {
            String name = String.valueOf(link.getKey());
            if (!record.containsKey(name) || record.get(name) == null) {
                continue;
            }
            Object sideloaded = record.get(name);
            String type = link.getValue() instanceof Map<?, ?> polymorphic && polymorphic.get("type") != null
                    ? String.valueOf(polymorphic.get("type")) : null;
            DionysusModelFactory<?> factory = childFactory(name, type);
            if (factory == null) {
                LOG.debug("no synced model for sideloaded {}; skipped", name);
            } else {
                for (Object child : sideloaded instanceof List<?> list ? list : List.of(sideloaded)) {
                    if (child instanceof Map<?, ?> childRecord) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> typed = (Map<String, Object>) childRecord;
                        apply(connection, factory, childKind, typed, RecordTransformer.transform(typed), changes);
                    }
                }
            }
            if (parent instanceof SyncedAggregate aggregate) {
                if (link.getValue() instanceof List<?> ids) {
                    aggregate.resolveToManyAssociation(connection, name, List.copyOf(ids));
                } else {
                    Object id = link.getValue() instanceof Map<?, ?> polymorphic ? polymorphic.get("id")
                            : link.getValue();
                    aggregate.resolveToOneAssociation(connection, name, id);
                }
            }
        }
    }

    private DionysusModelFactory<?> childFactory(String relationship, String polymorphicType) {
        if (polymorphicType != null) {
            return factories.get(polymorphicType);
        }
        DionysusModelFactory<?> factory = factories.get(relationship);
        if (factory == null) {
            factory = factories.get(classify(relationship));
        }
        // a namespaced model: the gem's include names for Admin::User are admin_user and admin_users
        return factory != null ? factory : byUnderscoredName.get(Inflector.singularize(relationship));
    }

    /** ActiveSupport's {@code classify}: {@code bookings_fees} → {@code BookingsFee}. */
    static String classify(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : Inflector.singularize(name).split("_")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    /** Equal, with decimals compared by value as Ruby does: a NUMERIC(10,2) {@code 1.00} is the wire's {@code 1.0}. */
    static boolean sameValue(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    private static Map<String, List<Object>> diff(Map<String, Object> before, Map<String, Object> after) {
        Set<String> columns = new LinkedHashSet<>(before.keySet());
        columns.addAll(after.keySet());
        Map<String, List<Object>> changed = new LinkedHashMap<>();
        for (String column : columns) {
            Object old = before.get(column);
            Object now = after.get(column);
            if (!sameValue(old, now)) {
                List<Object> pair = new ArrayList<>(2);
                pair.add(old);
                pair.add(now);
                changed.put(column, pair);
            }
        }
        return changed;
    }
}
