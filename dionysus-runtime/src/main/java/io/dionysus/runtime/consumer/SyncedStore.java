package io.dionysus.runtime.consumer;

import io.dionysus.runtime.DionysusModelFactory;
import io.dionysus.runtime.internal.JdbcValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of synced models: select, insert, update and delete by the synced id column, on the caller's connection.
 *
 * <p>Time columns without a time zone ({@code TIMESTAMP}, as Rails makes them) are written and read as UTC wall
 * time, whatever the JVM's zone, as Rails stores them: the drivers would otherwise convert through the JVM's zone,
 * which shifts the stored time and, in a DST fall-back hour, orders two updates wrongly. Which columns those are is
 * read from the metadata of each {@link #find}, which precedes every write.
 */
final class SyncedStore {

    private SyncedStore() {
    }

    /**
     * A synced row as read, or {@code null}, and the table's time columns without a time zone (lower case).
     *
     * @param <T> the model type
     */
    record Found<T>(T model, Set<String> zoneLessColumns) {
    }

    /**
     * The row of a synced id, locked until the transaction ends ({@code FOR UPDATE}): two consumers applying the
     * same record take turns, each comparing its timestamps with the other's committed row.
     */
    static <T> Found<T> find(Connection connection, DionysusModelFactory<T> factory, Object syncedId)
            throws SQLException {
        String sql = "SELECT * FROM " + factory.table() + " WHERE " + factory.syncedIdColumn() + " = ? FOR UPDATE";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            JdbcValues.bind(select, 1, syncedId);
            try (ResultSet row = select.executeQuery()) {
                return new Found<>(row.next() ? factory.read(row) : null, zoneLessColumns(row.getMetaData()));
            }
        }
    }

    private static Set<String> zoneLessColumns(ResultSetMetaData meta) throws SQLException {
        Set<String> columns = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (JdbcValues.isZoneLessTimestamp(meta, i)) {
                columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }

    /**
     * Inserts a row, unless a concurrent transaction inserted the same synced id first: then nothing is written
     * and {@code false} returned, for the caller to apply the record to that row instead. A unique violation on
     * another column is the record's own fault and is thrown.
     */
    static <T> boolean insert(Connection connection, DionysusModelFactory<T> factory, Map<String, Object> columns,
            Object syncedId, Set<String> zoneLess) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(factory.table()).append(" (");
        StringBuilder values = new StringBuilder();
        for (String column : columns.keySet()) {
            if (values.length() > 0) {
                sql.append(", ");
                values.append(", ");
            }
            sql.append(column);
            values.append('?');
        }
        sql.append(") VALUES (").append(values).append(')');
        Savepoint beforeInsert = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            bindColumns(insert, columns, zoneLess);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            connection.rollback(beforeInsert);
            if (find(connection, factory, syncedId).model() == null) {
                throw e;
            }
            return false;
        }
        return true;
    }

    static <T> void update(Connection connection, DionysusModelFactory<T> factory, Map<String, Object> columns,
            Object syncedId, Set<String> zoneLess) throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE ").append(factory.table()).append(" SET ");
        boolean first = true;
        for (String column : columns.keySet()) {
            sql.append(first ? "" : ", ").append(column).append(" = ?");
            first = false;
        }
        sql.append(" WHERE ").append(factory.syncedIdColumn()).append(" = ?");
        try (PreparedStatement update = connection.prepareStatement(sql.toString())) {
            int index = bindColumns(update, columns, zoneLess);
            JdbcValues.bind(update, index, syncedId);
            update.executeUpdate();
        }
    }

    static <T> void delete(Connection connection, DionysusModelFactory<T> factory, Object syncedId)
            throws SQLException {
        String sql = "DELETE FROM " + factory.table() + " WHERE " + factory.syncedIdColumn() + " = ?";
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            JdbcValues.bind(delete, 1, syncedId);
            delete.executeUpdate();
        }
    }

    /** Binds the values from index 1; returns the next index. */
    private static int bindColumns(PreparedStatement statement, Map<String, Object> columns, Set<String> zoneLess)
            throws SQLException {
        int index = 1;
        for (Map.Entry<String, Object> column : columns.entrySet()) {
            if (zoneLess.contains(column.getKey().toLowerCase(Locale.ROOT))) {
                JdbcValues.bindUtcWallTime(statement, index++, column.getValue());
            } else {
                JdbcValues.bind(statement, index++, column.getValue());
            }
        }
        return index;
    }
}
