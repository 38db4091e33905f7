package io.dionysus.runtime.consumer;

import io.dionysus.runtime.DionysusModelFactory;
import io.dionysus.runtime.internal.JdbcValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of synced models: select, insert, update and delete by the synced id column, one row at a time or many
 * at once (one query, JDBC batches), on the caller's connection.
 *
 * <p>Time columns without a time zone ({@code TIMESTAMP}, as Rails makes them) are written and read as UTC wall
 * time, whatever the JVM's zone, as Rails stores them: the drivers would otherwise convert through the JVM's zone,
 * which shifts the stored time and, in a DST fall-back hour, orders two updates wrongly. Which columns those are is
 * read from the metadata of each {@link #find} or {@link #findAll}, which precedes every write.
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

    /** The most synced ids one {@link #findAll} query binds. */
    static final int CHUNK = 500;

    /**
     * Rows of several synced ids, by synced id (as the model's JDBC value), and the table's time columns without a
     * time zone (lower case).
     *
     * @param <T> the model type
     */
    record FoundAll<T>(Map<Object, T> models, Set<String> zoneLessColumns) {
    }

    /**
     * The rows of these synced ids, locked until the transaction ends ({@code FOR UPDATE}), read with one
     * {@code SELECT … WHERE <synced id> IN (…)} per {@value #CHUNK} ids. When several rows share a synced id, the
     * first read is kept, as {@link #find} does.
     *
     * @throws IllegalStateException when the database returns a row whose synced id equals none asked for (a
     *     case-insensitive or padding collation matched it): the caller applies the records one by one instead
     */
    static <T> FoundAll<T> findAll(Connection connection, DionysusModelFactory<T> factory, List<Object> syncedIds)
            throws SQLException {
        Map<Object, T> models = new HashMap<>();
        Set<String> zoneLess = null;
        for (int from = 0; from < syncedIds.size(); from += CHUNK) {
            List<Object> chunk = syncedIds.subList(from, Math.min(syncedIds.size(), from + CHUNK));
            Set<Object> asked = new HashSet<>(chunk);
            StringBuilder sql = new StringBuilder("SELECT * FROM ").append(factory.table()).append(" WHERE ")
                    .append(factory.syncedIdColumn()).append(" IN (");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(") FOR UPDATE");
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < chunk.size(); i++) {
                    JdbcValues.bind(select, i + 1, chunk.get(i));
                }
                try (ResultSet row = select.executeQuery()) {
                    if (zoneLess == null) {
                        zoneLess = zoneLessColumns(row.getMetaData());
                    }
                    while (row.next()) {
                        T model = factory.read(row);
                        Object syncedId = factory.columns(model).get(factory.syncedIdColumn());
                        if (!asked.contains(syncedId)) {
                            throw new IllegalStateException("the " + factory.table() + " row of synced id " + syncedId
                                    + " answered a query for other ids");
                        }
                        models.putIfAbsent(syncedId, model);
                    }
                }
            }
        }
        return new FoundAll<>(models, zoneLess == null ? Set.of() : zoneLess);
    }

    /** Deletes the rows of these synced ids, with one JDBC batch. */
    static <T> void deleteAll(Connection connection, DionysusModelFactory<T> factory, List<Object> syncedIds)
            throws SQLException {
        if (syncedIds.isEmpty()) {
            return;
        }
        String sql = "DELETE FROM " + factory.table() + " WHERE " + factory.syncedIdColumn() + " = ?";
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            for (Object syncedId : syncedIds) {
                JdbcValues.bind(delete, 1, syncedId);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /** Updates the rows of these synced ids to these columns (the same names in each), with one JDBC batch. */
    static <T> void updateAll(Connection connection, DionysusModelFactory<T> factory,
            List<Map<String, Object>> rows, List<Object> syncedIds, Set<String> zoneLess) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(updateSql(factory, rows.get(0)))) {
            for (int i = 0; i < rows.size(); i++) {
                int index = bindColumns(update, rows.get(i), zoneLess);
                JdbcValues.bind(update, index, syncedIds.get(i));
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Inserts these rows (the same column names in each), with one JDBC batch. */
    static <T> void insertAll(Connection connection, DionysusModelFactory<T> factory,
            List<Map<String, Object>> rows, Set<String> zoneLess) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(insertSql(factory, rows.get(0)))) {
            for (Map<String, Object> row : rows) {
                bindColumns(insert, row, zoneLess);
                insert.addBatch();
            }
            insert.executeBatch();
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
        Savepoint beforeInsert = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(insertSql(factory, columns))) {
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
        try (PreparedStatement update = connection.prepareStatement(updateSql(factory, columns))) {
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

    private static String insertSql(DionysusModelFactory<?> factory, Map<String, Object> columns) {
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
        return sql.append(") VALUES (").append(values).append(')').toString();
    }

    private static String updateSql(DionysusModelFactory<?> factory, Map<String, Object> columns) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(factory.table()).append(" SET ");
        boolean first = true;
        for (String column : columns.keySet()) {
            sql.append(first ? "" : ", ").append(column).append(" = ?");
            first = false;
        }
        return sql.append(" WHERE ").append(factory.syncedIdColumn()).append(" = ?").toString();
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
