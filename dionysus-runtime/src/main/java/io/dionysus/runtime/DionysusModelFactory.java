package io.dionysus.runtime;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * Builds and persists the local synced copy of a remote model, without reflection. Implemented by the generated
 * {@code <Model>DionysusModelFactory} classes of {@code @SyncedModel} types; the consumer does the rest (out-of-order
 * guard, soft delete, SQL).
 *
 * @param <T> the local model type
 */
public interface DionysusModelFactory<T> {

    /** The remote model name it syncs, e.g. {@code "User"}. */
    String modelName();

    /** The local table, e.g. {@code "users"}. */
    String table();

    /** The column holding the remote id, e.g. {@code "synced_id"}. */
    String syncedIdColumn();

    /** Whether the model has a {@code synced_canceled_at} member: destroyed records are then kept, canceled. */
    boolean softDeletable();

    /** A new, empty model. */
    T newInstance();

    /**
     * Assigns the attributes present in a transformed record (the gem's {@code synced_*} names) to the members
     * mapped to them, converting wire values to member types; members whose attribute is absent keep their value.
     *
     * @throws RuntimeException when a value cannot be converted (the message is then dead-lettered)
     */
    void assign(T model, Map<String, Object> attributes);

    /** The model's columns and their JDBC values, in declaration order; a database-generated id is left out. */
    Map<String, Object> columns(T model);

    /** A model read from the current row of a {@code SELECT *} on {@link #table()}. */
    T read(ResultSet row) throws SQLException;

    /** The remote {@code created_at} the model holds, or {@code null}. */
    Instant syncedCreatedAt(T model);

    /** The remote {@code updated_at} the model holds, or {@code null}. */
    Instant syncedUpdatedAt(T model);

    /** The remote {@code canceled_at} the model holds, or {@code null} (always null when not soft-deletable). */
    Instant syncedCanceledAt(T model);

    /** Sets the remote {@code canceled_at}; {@code null} restores. Does nothing when not soft-deletable. */
    void syncedCanceledAt(T model, Instant canceledAt);
}
