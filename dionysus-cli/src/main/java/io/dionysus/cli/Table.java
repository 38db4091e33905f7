package io.dionysus.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table: left-aligned text, right-aligned numbers, columns as wide as their widest cell. */
final class Table {

    private final String[] headers;
    private final List<Object[]> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers;
    }

    void row(Object... cells) {
        rows.add(cells);
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
        }
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], String.valueOf(row[i]).length());
            }
        }
        line(out, headers, widths);
        for (Object[] row : rows) {
            line(out, row, widths);
        }
    }

    private static void line(PrintWriter out, Object[] cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = String.valueOf(cells[i]);
            boolean last = i == cells.length - 1;
            if (cells[i] instanceof Number) {
                text.append(" ".repeat(widths[i] - cell.length())).append(cell);
            } else {
                text.append(cell);
                if (!last) {
                    text.append(" ".repeat(widths[i] - cell.length()));
                }
            }
            if (!last) {
                text.append("  ");
            }
        }
        out.println(text.toString().stripTrailing());
    }
}
