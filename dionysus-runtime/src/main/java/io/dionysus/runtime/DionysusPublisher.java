package io.dionysus.runtime;

import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the outbox rows of a model's lifecycle events, inside the caller's transaction: the one publishing path
 * that the explicit API, the Hibernate capture and the Spring integration share. The generated
 * {@code <Model>DionysusPublisher} extends it and contributes only its model's facts ({@link PublishedModel}).
 *
 * <p>Each event writes one row per topic (and genesis twin) with key {@code <Model>:<id>} and the partition key
 * read now, plus the {@code <parent>_updated} rows of the models this one is a {@code with} dependency of, and
 * those of its observers. The payload is serialized when the row is written, so the message carries the model's
 * state at that moment (the gem re-reads the record when it publishes): call the publisher after the change is
 * written and before the transaction commits.
 *
 * <p>Every method comes in two forms: with the transaction's {@link Connection}, or without, taking the connection
 * of the running transaction from the outbox's {@link io.dionysus.runtime.outbox.ConnectionSupplier}. Thread-safe.
 *
 * @param <T> the model type
 */
public class DionysusPublisher<T> {

    private final Outbox outbox;
    private final PublishedModel<T> model;

    /** A publisher of {@code model}'s events writing to {@code outbox}. */
    public DionysusPublisher(Outbox outbox, PublishedModel<T> model) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The outbox the rows are written to. */
    public final Outbox outbox() {
        return outbox;
    }

    /** The model's facts: topics, keys, parents, observers. */
    public final PublishedModel<T> model() {
        return model;
    }

    /** The topics this model is published on, in declaration order, genesis twins after their topic. */
    public final List<String> topics() {
        return model.topics();
    }

    /**
     * The rows of one event about one model instance: one per topic (and twin), then the {@code with} parents'
     * and every observer's {@code _updated} rows. An {@code UPDATED} event of a soft-deleted model is published as
     * {@code _destroyed} with its snapshot ({@code CANCELED}).
     *
     * @throws IllegalArgumentException when the model has no id yet
     */
    public final List<OutboxEntry> entries(Envelope.Event event, T instance) {
        return entries(event, instance, Reached.AS_IS);
    }

    /** As {@link #entries(Envelope.Event, Object)}, reading the parents and observers it reaches through {@code reached}. */
    public final List<OutboxEntry> entries(Envelope.Event event, T instance, Reached reached) {
        if (event == Envelope.Event.UPDATED && model.softDeleted(instance)) {
            event = Envelope.Event.CANCELED;
        }
        List<OutboxEntry> rows = new ArrayList<>();
        model.addOwnRows(rows, event, instance, false);
        model.addParentRows(rows, instance, reached);
        model.addObserverRows(rows, instance, null, reached);
        return rows;
    }

    /**
     * The rows of an update whose changed attributes are known (Java or wire names): nothing when nothing changed;
     * soft-delete transitions as the gem's table (member set → {@code _destroyed}, cleared → {@code _created},
     * unchanged while deleted → nothing unless {@code publishUpdatesWhenDeleted}); {@code with} parents; observers
     * only when an observed attribute changed.
     */
    public final List<OutboxEntry> updatedEntries(T instance, Set<String> changed) {
        return updatedEntries(instance, changed, Reached.AS_IS);
    }

    /** As {@link #updatedEntries(Object, Set)}, reading the parents and observers it reaches through {@code reached}. */
    public final List<OutboxEntry> updatedEntries(T instance, Set<String> changed, Reached reached) {
        if (changed.isEmpty()) {
            return List.of();
        }
        List<OutboxEntry> rows = new ArrayList<>();
        Envelope.Event event = Envelope.Event.UPDATED;
        if (model.softDeletable()) {
            if (model.softDeleteChanged(changed)) {
                event = model.softDeleted(instance) ? Envelope.Event.CANCELED : Envelope.Event.CREATED;
            } else if (model.softDeleted(instance) && !model.publishUpdatesWhenDeleted()) {
                // a soft-deleted record that changed is not published; what observes it still is
                model.addObserverRows(rows, instance, changed, reached);
                return rows;
            }
        }
        model.addOwnRows(rows, event, instance, false);
        model.addParentRows(rows, instance, reached);
        model.addObserverRows(rows, instance, changed, reached);
        return rows;
    }

    /**
     * The rows of a genesis-only send: the model's snapshot to the {@code _genesis} twins only (the gem's
     * {@code genesis_only: true}), e.g. to backfill a new consumer: {@code _updated}, or {@code _destroyed} with
     * the snapshot when it is soft-deleted, as the gem's genesis streams. Empty when no topic has a twin.
     */
    public final List<OutboxEntry> genesisEntries(T instance) {
        return snapshotEntries(instance, true);
    }

    /**
     * The model's own snapshot rows as the gem's genesis streams them, without its parents or observers:
     * {@code _updated} ({@code _destroyed} with the snapshot when soft-deleted) on every topic and twin, or on the
     * twins only when {@code genesisOnly}.
     */
    public final List<OutboxEntry> snapshotEntries(T instance, boolean genesisOnly) {
        List<OutboxEntry> rows = new ArrayList<>();
        Envelope.Event event = model.softDeleted(instance) ? Envelope.Event.CANCELED : Envelope.Event.UPDATED;
        model.addOwnRows(rows, event, instance, genesisOnly);
        return rows;
    }

    /** The rows of a tombstone (a null Kafka value with the model's key): one per topic and twin. */
    public final List<OutboxEntry> tombstoneEntries(T instance) {
        return model.tombstoneRows(instance);
    }

    /** Writes {@code <model>_created} rows on the transaction's connection. */
    public final void created(Connection connection, T instance) {
        write(connection, () -> entries(Envelope.Event.CREATED, instance));
    }

    /**
     * Writes {@code <model>_updated} rows on the transaction's connection, everything taken as changed (a
     * soft-deleted model publishes {@code _destroyed} with its snapshot). Prefer
     * {@link #updated(Connection, Object, Set)} when the changes are known.
     */
    public final void updated(Connection connection, T instance) {
        write(connection, () -> entries(Envelope.Event.UPDATED, instance));
    }

    /** Writes the rows of an update whose changed attributes are known (see {@link #updatedEntries}). */
    public final void updated(Connection connection, T instance, Set<String> changed) {
        write(connection, () -> updatedEntries(instance, changed));
    }

    /** Writes {@code <model>_destroyed} rows (payload {@code {"links":{},"id":…}}) on the transaction's connection. */
    public final void destroyed(Connection connection, T instance) {
        write(connection, () -> entries(Envelope.Event.DESTROYED, instance));
    }

    /** Writes tombstone rows on the transaction's connection. */
    public final void tombstone(Connection connection, T instance) {
        write(connection, () -> tombstoneEntries(instance));
    }

    /** Writes genesis-only rows (see {@link #genesisEntries}) on the transaction's connection. */
    public final void genesis(Connection connection, T instance) {
        write(connection, () -> genesisEntries(instance));
    }

    /**
     * As {@link #created(Connection, Object)}, on the running transaction's connection.
     *
     * @throws IllegalStateException when no transaction is running (nothing is written, no connection is held)
     */
    public final void created(T instance) {
        write(null, () -> entries(Envelope.Event.CREATED, instance));
    }

    /** As {@link #updated(Connection, Object)}, on the running transaction's connection. */
    public final void updated(T instance) {
        write(null, () -> entries(Envelope.Event.UPDATED, instance));
    }

    /** As {@link #updated(Connection, Object, Set)}, on the running transaction's connection. */
    public final void updated(T instance, Set<String> changed) {
        write(null, () -> updatedEntries(instance, changed));
    }

    /** As {@link #destroyed(Connection, Object)}, on the running transaction's connection. */
    public final void destroyed(T instance) {
        write(null, () -> entries(Envelope.Event.DESTROYED, instance));
    }

    /** As {@link #tombstone(Connection, Object)}, on the running transaction's connection. */
    public final void tombstone(T instance) {
        write(null, () -> tombstoneEntries(instance));
    }

    /** As {@link #genesis(Connection, Object)}, on the running transaction's connection. */
    public final void genesis(T instance) {
        write(null, () -> genesisEntries(instance));
    }

    /**
     * Writes the rows on {@code connection}, or on the running transaction's when it is {@code null}; nothing while
     * publishing is suppressed on this thread ({@link Suppressor}).
     */
    private void write(Connection connection, java.util.function.Supplier<List<OutboxEntry>> rows) {
        if (Suppressor.isSuppressed()) {
            return;
        }
        if (connection == null) {
            outbox.insert(rows.get());
        } else {
            outbox.insert(connection, rows.get());
        }
    }
}
