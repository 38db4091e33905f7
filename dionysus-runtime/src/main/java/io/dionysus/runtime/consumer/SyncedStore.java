package io.dionysus.runtime.consumer;

import io.dionysus.runtime.DionysusModelFactory;
import io.dionysus.runtime.internal.JdbcValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** The SQL of synced models: select, insert, update and delete by the synced id column, on the caller's connection. */
final class SyncedStore {

    private SyncedStore() {
    }

    static <T> T find(Connection connection, DionysusModelFactory<T> factory, Object syncedId) throws SQLException {
        String sql = "SELECT * FROM " + factory.table() + " WHERE " + factory.syncedIdColumn() + " = ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            JdbcValues.bind(select, 1, syncedId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? factory.read(row) : null;
            }
        }
    }

    static <T> void insert(Connection connection, DionysusModelFactory<T> factory, Map<String, Object> columns)
            throws SQLException {
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
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int index = 1;
            for (Object value : columns.values()) {
                JdbcValues.bind(insert, index++, value);
            }
            insert.executeUpdate();
        }
    }

    static <T> void update(Connection connection, DionysusModelFactory<T> factory, Map<String, Object> columns,
            Object syncedId) throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE ").append(factory.table()).append(" SET ");
        boolean first = true;
        for (String column : columns.keySet()) {
            sql.append(first ? "" : ", ").append(column).append(" = ?");
            first = false;
        }
        sql.append(" WHERE ").append(factory.syncedIdColumn()).append(" = ?");
        try (PreparedStatement update = connection.prepareStatement(sql.toString())) {
            int index = 1;
            for (Object value : columns.values()) {
                JdbcValues.bind(update, index++, value);
            }
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
}
