package io.dionysus.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads {@code dionysus_outboxes} rows for assertions, as column-name → value maps in id order (column names lower
 * case). Independent of the runtime, so it also checks what another writer produced.
 */
public final class OutboxRows {

    private OutboxRows() {
    }

    /** Every outbox row, in id order. */
    public static List<Map<String, Object>> all(DataSource dataSource) {
        return query(dataSource, "SELECT * FROM dionysus_outboxes ORDER BY id");
    }

    /** The rows not yet published, in id order. */
    public static List<Map<String, Object>> unpublished(DataSource dataSource) {
        return query(dataSource, "SELECT * FROM dionysus_outboxes WHERE published_at IS NULL ORDER BY id");
    }

    /** Rows of any query, as maps with lower-case column names; CLOBs read as strings. */
    public static List<Map<String, Object>> query(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rows.getObject(i);
                    if (value instanceof java.sql.Clob) {
                        value = rows.getString(i);
                    }
                    row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), value);
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + sql, e);
        }
    }
}
