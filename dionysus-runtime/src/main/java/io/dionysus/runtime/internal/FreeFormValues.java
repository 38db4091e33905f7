package io.dionysus.runtime.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Writes free-form attribute values ({@code Object}, {@code Map<String, ?>}, {@code List<?>}, Jackson's
 * {@code JsonNode}) as ActiveSupport writes a Rails {@code jsonb} or serialized hash column: maps as objects,
 * lists and arrays as arrays, and every scalar inside by the same rules as a declared attribute (strings escaped
 * as ActiveSupport, floats as Ruby's {@code Float#to_s}, decimals as strings, times with 3 fraction digits in the
 * application's time zone). The walk is by {@code instanceof}, never by reflection. For generated code; not API.
 *
 * <p>Values it knows: {@code null}, {@code String} (and other {@code CharSequence}s), {@code Character},
 * {@code Boolean}, {@code Byte}/{@code Short}/{@code Integer}/{@code Long}/{@code BigInteger},
 * {@code Float}/{@code Double}, {@code BigDecimal}, {@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime},
 * {@code LocalDateTime}, {@code LocalDate}, {@code java.sql.Timestamp}, {@code java.sql.Date}, {@code UUID},
 * enums (their name), {@code byte[]} (base64), {@code Map} (keys: strings, enums, characters or integers, as Ruby
 * writes a key's {@code to_s}), {@code Iterable}, {@code Object[]}, arrays of {@code int}, {@code long},
 * {@code short}, {@code double}, {@code float} and {@code boolean}, and {@code JsonNode} (a {@code POJONode}'s
 * value walked the same way; a decimal node written as a number: Ruby's float text when that reads back as the
 * same value, else its plain digits).
 */
public final class FreeFormValues {

    /** Deeper than this is taken for a cycle (a map holding itself); below Jackson's own limit of 1000 levels. */
    static final int MAX_DEPTH = 500;

    private FreeFormValues() {
    }

    /**
     * Writes {@code value} and everything inside it.
     *
     * @throws IllegalArgumentException naming the attribute (the generator's current field) and the path inside
     *         the value, when it holds a value of an unknown type, a map key that is no string, or nests deeper than
     *         {@value #MAX_DEPTH} levels; nothing is silently turned into text
     */
    public static void write(JsonGenerator gen, Object value) throws IOException {
        String attribute = gen.getOutputContext() == null ? null : gen.getOutputContext().getCurrentName();
        new Walk(attribute == null ? "value" : attribute).value(gen, value, null, 0);
    }

    /** One walk; the path of the current value is rebuilt only when something is refused. */
    private record Walk(String attribute) {

        /** A place inside the value: a key or an index of {@code container} (kept to tell a cycle from depth). */
        private record Step(Step parent, String key, int index, Object container) {
            @Override
            public String toString() {
                String own = key != null ? "." + key : "[" + index + "]";
                return parent == null ? own : parent + own;
            }
        }

        void value(JsonGenerator gen, Object value, Step path, int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw refused(path, cycle(path) ? "is a map, list or array that contains itself (a cycle)"
                        : "nests deeper than " + MAX_DEPTH + " levels");
            }
            if (value == null) {
                gen.writeNull();
            } else if (value instanceof String text) {
                JsonValues.writeString(gen, wellFormed(text, path));
            } else if (value instanceof Boolean bool) {
                gen.writeBoolean(bool);
            } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                    || value instanceof Byte) {
                gen.writeNumber(((Number) value).longValue());
            } else if (value instanceof Double number) {
                JsonValues.writeDouble(gen, number.doubleValue());
            } else if (value instanceof Float number) {
                JsonValues.writeFloat(gen, number.floatValue());
            } else if (value instanceof BigDecimal decimal) {
                JsonValues.writeBigDecimal(gen, decimal);
            } else if (value instanceof BigInteger integer) {
                gen.writeNumber(integer);
            } else if (value instanceof Map<?, ?> map) {
                map(gen, map, path, depth);
            } else if (value instanceof JsonNode node) {
                node(gen, node, path, depth);
            } else if (value instanceof Iterable<?> iterable) {
                gen.writeStartArray();
                int index = 0;
                for (Object element : iterable) {
                    value(gen, element, new Step(path, null, index++, iterable), depth + 1);
                }
                gen.writeEndArray();
            } else if (value instanceof Object[] array) {
                gen.writeStartArray();
                for (int i = 0; i < array.length; i++) {
                    value(gen, array[i], new Step(path, null, i, array), depth + 1);
                }
                gen.writeEndArray();
            } else if (value instanceof int[] || value instanceof long[] || value instanceof short[]
                    || value instanceof double[] || value instanceof float[] || value instanceof boolean[]) {
                primitives(gen, value);
            } else if (value instanceof Character || value instanceof CharSequence) {
                JsonValues.writeString(gen, wellFormed(value.toString(), path));
            } else if (!scalar(gen, value)) {
                throw refused(path, "holds a " + value.getClass().getName());
            }
        }

        /** An array of numbers or booleans, as Ruby writes an array of them ({@code byte[]} is base64 instead). */
        private static void primitives(JsonGenerator gen, Object array) throws IOException {
            gen.writeStartArray();
            if (array instanceof int[] ints) {
                for (int value : ints) {
                    gen.writeNumber(value);
                }
            } else if (array instanceof long[] longs) {
                for (long value : longs) {
                    gen.writeNumber(value);
                }
            } else if (array instanceof short[] shorts) {
                for (short value : shorts) {
                    gen.writeNumber(value);
                }
            } else if (array instanceof double[] doubles) {
                for (double value : doubles) {
                    JsonValues.writeDouble(gen, value);
                }
            } else if (array instanceof float[] floats) {
                for (float value : floats) {
                    JsonValues.writeFloat(gen, value);
                }
            } else {
                for (boolean value : (boolean[]) array) {
                    gen.writeBoolean(value);
                }
            }
            gen.writeEndArray();
        }

        /** The rarer scalars; {@code false} when the value is none of them. */
        private static boolean scalar(JsonGenerator gen, Object value) throws IOException {
            if (value instanceof java.sql.Timestamp timestamp) {
                JsonValues.writeInstant(gen, timestamp.toInstant());
            } else if (value instanceof java.sql.Date date) {
                JsonValues.writeLocalDate(gen, date.toLocalDate());
            } else if (value instanceof Instant instant) {
                JsonValues.writeInstant(gen, instant);
            } else if (value instanceof OffsetDateTime time) {
                JsonValues.writeOffsetDateTime(gen, time);
            } else if (value instanceof ZonedDateTime time) {
                JsonValues.writeZonedDateTime(gen, time);
            } else if (value instanceof LocalDateTime time) {
                JsonValues.writeLocalDateTime(gen, time);
            } else if (value instanceof LocalDate date) {
                JsonValues.writeLocalDate(gen, date);
            } else if (value instanceof UUID uuid) {
                JsonValues.writeUuid(gen, uuid);
            } else if (value instanceof Enum<?> constant) {
                JsonValues.writeEnum(gen, constant);
            } else if (value instanceof Character character) {
                JsonValues.writeChar(gen, character);
            } else if (value instanceof CharSequence text) {
                JsonValues.writeString(gen, text.toString());
            } else if (value instanceof byte[] bytes) {
                JsonValues.writeBytes(gen, bytes);
            } else {
                return false;
            }
            return true;
        }

        /**
         * A map as ActiveSupport's {@code as_json}: each key's {@code to_s} into a new hash, so keys of different
         * types with one text ({@code 1} and {@code "1"}, {@code MONDAY} and {@code "MONDAY"}) become one key, at
         * the place of its first occurrence, holding the last value in iteration order.
         */
        private void map(JsonGenerator gen, Map<?, ?> map, Step path, int depth) throws IOException {
            boolean textKeys = true;
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    textKeys = false;
                    break;
                }
            }
            Map<?, ?> entries = map;
            if (!textKeys) {
                Map<String, Object> byText = new java.util.LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    byText.put(key(entry.getKey(), path), entry.getValue());
                }
                entries = byText;
            }
            gen.writeStartObject();
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                String key = wellFormed(key(entry.getKey(), path), path, "a map key");
                JsonValues.writeFieldName(gen, key);
                value(gen, entry.getValue(), new Step(path, key, 0, map), depth + 1);
            }
            gen.writeEndObject();
        }

        /** {@code text}, refused naming the path when it has an unpaired surrogate (Ruby refuses to encode it). */
        private String wellFormed(String text, Step path) {
            return wellFormed(text, path, "a string");
        }

        private String wellFormed(String text, Step path, String what) {
            int index = JsonValues.unpairedSurrogate(text);
            if (index >= 0) {
                throw new IllegalArgumentException(where(path) + String.format(java.util.Locale.ROOT, " has %s with an unpaired surrogate U+%04X"
                        + " at index %d (not valid Unicode, which Ruby refuses to encode and Dionysus does not"
                        + " change; fix the text)", what, (int) text.charAt(index), index));
            }
            return text;
        }

        /** A key as Ruby writes a hash key's {@code to_s}, for the key types whose Java text is the same. */
        private String key(Object key, Step path) {
            if (key instanceof String text) {
                return text;
            }
            if (key instanceof Enum<?> constant) {
                return constant.name();
            }
            if (key instanceof Character || key instanceof Integer || key instanceof Long || key instanceof Short
                    || key instanceof Byte || key instanceof BigInteger || key instanceof UUID) {
                return key.toString();
            }
            throw refused(path, "has a map key " + (key == null ? "null" : "of type " + key.getClass().getName()
                    + " (\"" + key + "\")") + "; keys must be strings, enums, characters, integers or UUIDs");
        }

        private void node(JsonGenerator gen, JsonNode node, Step path, int depth) throws IOException {
            switch (node.getNodeType()) {
                case OBJECT -> {
                    gen.writeStartObject();
                    for (Map.Entry<String, JsonNode> field : node.properties()) {
                        JsonValues.writeFieldName(gen, wellFormed(field.getKey(), path, "a map key"));
                        node(gen, field.getValue(), new Step(path, field.getKey(), 0, node), depth + 1);
                    }
                    gen.writeEndObject();
                }
                case ARRAY -> {
                    gen.writeStartArray();
                    for (int i = 0; i < node.size(); i++) {
                        node(gen, node.get(i), new Step(path, null, i, node), depth + 1);
                    }
                    gen.writeEndArray();
                }
                case STRING -> JsonValues.writeString(gen, wellFormed(node.textValue(), path));
                case BOOLEAN -> gen.writeBoolean(node.booleanValue());
                case NULL, MISSING -> gen.writeNull();
                case NUMBER -> number(gen, node);
                case BINARY -> JsonValues.writeBytes(gen, ((BinaryNode) node).binaryValue());
                case POJO -> value(gen, ((POJONode) node).getPojo(), path, depth + 1);
                default -> throw refused(path, "holds a JSON node of type " + node.getNodeType());
            }
        }

        private static void number(JsonGenerator gen, JsonNode node) throws IOException {
            if (node.isIntegralNumber()) {
                gen.writeNumber(node.bigIntegerValue());
            } else if (node.isFloat()) {
                JsonValues.writeFloat(gen, node.floatValue());
            } else if (node.isDouble()) {
                JsonValues.writeDouble(gen, node.doubleValue());
            } else {
                // a decimal node: Ruby parses a JSON number with a fraction as a Float; keep every digit otherwise
                BigDecimal decimal = node.decimalValue();
                double asDouble = decimal.doubleValue();
                if (!Double.isInfinite(asDouble) && new BigDecimal(RubyFloat.text(asDouble)).compareTo(decimal) == 0) {
                    JsonValues.writeDouble(gen, asDouble);
                } else {
                    gen.writeNumber(decimal.toPlainString());
                }
            }
        }

        /** Whether one container (by identity) appears twice on the path: the value holds itself. */
        private static boolean cycle(Step path) {
            java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Step step = path; step != null; step = step.parent()) {
                if (!seen.add(step.container())) {
                    return true;
                }
            }
            return false;
        }

        private String where(Step path) {
            return "attribute \"" + attribute + "\"" + (path == null ? "" : " at " + attribute + path);
        }

        private IllegalArgumentException refused(Step path, String problem) {
            return new IllegalArgumentException(where(path) + " " + problem + ": a free-form value (Object, Map, List, JsonNode) holds"
                    + " only maps, lists, arrays, JSON nodes, null and the scalars of @Serialize (String, numbers,"
                    + " booleans, BigDecimal, times, dates, UUID, enums, byte[]); convert it, e.g. in a @Serialize"
                    + " method");
        }
    }
}
