package io.dionysus.runtime.consumer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Implemented by a synced model that wants to link or prune the children sideloaded with it, as the gem's
 * {@code resolve_to_one_association} / {@code resolve_to_many_association}. After the parent and its sideloaded
 * records are persisted, the consumer calls these on the parent, inside the batch's transaction, once per
 * sideloaded relationship, with the ids from its {@code links}. All default to doing nothing.
 *
 * <pre>{@code
 * public void resolveToManyAssociation(Connection c, String name, List<Object> syncedIds) throws SQLException {
 *     if (name.equals("bookings")) { deleteBookingsOfThisRentalNotIn(c, syncedIds); }
 * }
 * }</pre>
 */
public interface SyncedAggregate {

    /** A to-one relationship {@code name} was sideloaded; {@code syncedId} is its id (or null). */
    default void resolveToOneAssociation(Connection connection, String name, Object syncedId) throws SQLException {
    }

    /** A to-many relationship {@code name} was sideloaded; {@code syncedIds} are its ids. */
    default void resolveToManyAssociation(Connection connection, String name, List<Object> syncedIds)
            throws SQLException {
    }
}
