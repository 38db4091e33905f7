package io.dionysus.processor;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a tree of maps, lists, strings, numbers and booleans as block-style YAML: maps in insertion order, every
 * string double-quoted with JSON escapes (so that no value is read as another type: {@code "3.0.0"}, {@code "null"},
 * {@code "yes"}), keys bare when they are plain words. Deterministic: the same tree gives the same bytes.
 */
final class YamlWriter {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_.$-]*");

    private YamlWriter() {
    }

    static String write(Map<String, ?> document) {
        StringBuilder out = new StringBuilder();
        map(out, document, 0, false);
        return out.toString();
    }

    /** @param afterDash whether the first key follows a list item's dash on its line */
    private static void map(StringBuilder out, Map<String, ?> map, int indent, boolean afterDash) {
        boolean first = true;
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            if (!(first && afterDash)) {
                out.append(" ".repeat(indent));
            }
            first = false;
            out.append(key(entry.getKey())).append(':');
            value(out, entry.getValue(), indent + 2);
        }
    }

    private static void value(StringBuilder out, Object value, int indent) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            out.append('\n');
            @SuppressWarnings("unchecked") // built by this package: string keys
            Map<String, ?> typed = (Map<String, ?>) map;
            map(out, typed, indent, false);
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            out.append('\n');
            for (Object item : list) {
                out.append(" ".repeat(indent)).append('-');
                if (item instanceof Map<?, ?> map && !map.isEmpty()) {
                    out.append(' ');
                    @SuppressWarnings("unchecked")
                    Map<String, ?> typed = (Map<String, ?>) map;
                    // the first key follows the dash; the others line up under it
                    map(out, typed, indent + 2, true);
                    continue;
                }
                scalarOrEmpty(out, item, indent + 2);
            }
        } else {
            scalarOrEmpty(out, value, indent);
        }
    }

    private static void scalarOrEmpty(StringBuilder out, Object value, int indent) {
        if (value instanceof Map<?, ?>) {
            out.append(" {}\n");
        } else if (value instanceof List<?>) {
            out.append(" []\n");
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static String key(String key) {
        return PLAIN_KEY.matcher(key).matches() ? key : quote(key);
    }

    private static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return quote(value.toString());
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
