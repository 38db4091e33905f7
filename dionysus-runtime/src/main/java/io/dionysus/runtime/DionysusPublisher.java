package io.dionysus.runtime;

import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import java.sql.Connection;
import java.util.List;

/**
 * Writes the outbox rows of a model's lifecycle events, inside the caller's transaction. Implemented by the
 * generated {@code <Model>DionysusPublisher} classes, which know the model's topics, key and partition key.
 *
 * <p>The payload is serialized when the row is written, so the message carries the model's state at that moment
 * (the gem re-reads the record when it publishes). Call the publisher after the change is written and before
 * the transaction commits.
 *
 * @param <T> the model type
 */
public interface DionysusPublisher<T> {

    /** The outbox the rows are written to. */
    Outbox outbox();

    /** The topics this model is published on, in declaration order. */
    List<String> topics();

    /** The rows for one event about one model instance: one per topic. */
    List<OutboxEntry> entries(Envelope.Event event, T model);

    /** The rows of a tombstone (a null Kafka value with the model's key) for one model instance: one per topic. */
    List<OutboxEntry> tombstoneEntries(T model);

    /**
     * The {@code <model>_updated} rows of a genesis-only send: to the {@code _genesis} twins only (the gem's
     * {@code genesis_only: true}), e.g. to backfill a new consumer. Empty when no topic has a twin.
     */
    List<OutboxEntry> genesisEntries(T model);

    /** Writes genesis-only rows (see {@link #genesisEntries}) on the transaction's connection. */
    default void genesis(Connection connection, T model) {
        outbox().insert(connection, genesisEntries(model));
    }

    /** Writes {@code <model>_created} rows on the transaction's connection. */
    default void created(Connection connection, T model) {
        outbox().insert(connection, entries(Envelope.Event.CREATED, model));
    }

    /**
     * The rows of an update, knowing which attributes changed (Java or wire names): nothing when nothing changed;
     * soft-delete transitions as the gem's table ({@code _destroyed}, {@code _created}, or nothing while deleted);
     * observers only when an observed attribute changed.
     */
    List<OutboxEntry> updatedEntries(T model, java.util.Set<String> changed);

    /**
     * Writes {@code <model>_updated} rows on the transaction's connection, everything taken as changed (a
     * soft-deleted model publishes {@code _destroyed} with its snapshot). Prefer
     * {@link #updated(Connection, Object, java.util.Set)} when the changes are known.
     */
    default void updated(Connection connection, T model) {
        outbox().insert(connection, entries(Envelope.Event.UPDATED, model));
    }

    /** Writes the rows of an update whose changed attributes are known (see {@link #updatedEntries}). */
    default void updated(Connection connection, T model, java.util.Set<String> changed) {
        outbox().insert(connection, updatedEntries(model, changed));
    }

    /** Writes {@code <model>_destroyed} rows (payload {@code {"links":{},"id":…}}) on the transaction's connection. */
    default void destroyed(Connection connection, T model) {
        outbox().insert(connection, entries(Envelope.Event.DESTROYED, model));
    }

    /** Writes tombstone rows on the transaction's connection. */
    default void tombstone(Connection connection, T model) {
        outbox().insert(connection, tombstoneEntries(model));
    }

    /** As {@link #created(Connection, Object)}, on the connection from the outbox's {@code ConnectionSupplier}. */
    default void created(T model) {
        outbox().insert(entries(Envelope.Event.CREATED, model));
    }

    /** As {@link #updated(Connection, Object)}, on the connection from the outbox's {@code ConnectionSupplier}. */
    default void updated(T model) {
        outbox().insert(entries(Envelope.Event.UPDATED, model));
    }

    /** As {@link #destroyed(Connection, Object)}, on the connection from the outbox's {@code ConnectionSupplier}. */
    default void destroyed(T model) {
        outbox().insert(entries(Envelope.Event.DESTROYED, model));
    }
}
