package io.dionysus.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Free-form values as ActiveSupport writes a Rails jsonb or serialized hash column (reference §8: strings, floats,
 * decimals and times inside follow the attribute rules).
 */
class FreeFormValuesTest {

    enum Color { RED }

    /** Writes {@code value} as the attribute {@code settings} of a record and returns the attribute's JSON. */
    private static String settings(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = JsonValues.FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeFieldName("settings");
            JsonValues.writeFreeForm(gen, value);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String json = out.toString();
        return json.substring("{\"settings\":".length(), json.length() - 1);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void nestedMapsListsAndScalarsAsTheIssueGivesThem() {
        assertEquals("{\"a\":1,\"b\":{\"c\":[1,\"x\",null]}}",
                settings(map("a", 1, "b", map("c", Arrays.asList(1, "x", null)))));
        assertEquals("[1,\"a\",null]", settings(Arrays.asList(1, "a", null)));
        assertEquals("null", settings(null));
        assertEquals("{}", settings(Map.of()));
        assertEquals("[]", settings(new Object[0]));
    }

    /** Scalars inside follow the attribute rules: escapes, Ruby floats, decimal strings, truncated times. */
    @Test
    void scalarsInsideFollowTheAttributeRules() {
        Map<String, Object> value = map(
                "<html>", "a&b\u2028c",
                "float", 1.0e20,
                "small", 0.1f,
                "nan", Double.NaN,
                "price", new BigDecimal("120.50"),
                "big", new BigInteger("123456789012345678901234567890"),
                "long", Long.MAX_VALUE,
                "at", Instant.parse("2024-01-16T09:00:00.123999Z"),
                "day", LocalDate.of(2024, 2, 1),
                "sql_at", java.sql.Timestamp.from(Instant.parse("2024-01-16T09:00:00.5Z")),
                "sql_day", java.sql.Date.valueOf("2024-02-01"),
                "uuid", UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                "color", Color.RED,
                "char", 'x',
                "bytes", new byte[] {1, 2, 3},
                "yes", true,
                "text", new StringBuilder("built"));
        assertEquals("{\"\\u003chtml\\u003e\":\"a\\u0026b\\u2028c\",\"float\":1.0e+20,\"small\":0.1,\"nan\":null,"
                + "\"price\":\"120.5\",\"big\":123456789012345678901234567890,\"long\":9223372036854775807,"
                + "\"at\":\"2024-01-16T09:00:00.123Z\",\"day\":\"2024-02-01\",\"sql_at\":\"2024-01-16T09:00:00.500Z\","
                + "\"sql_day\":\"2024-02-01\",\"uuid\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"color\":\"RED\","
                + "\"char\":\"x\",\"bytes\":\"AQID\",\"yes\":true,\"text\":\"built\"}", settings(value));
    }

    /** Ruby writes a hash key's to_s: {1=>"a"} is {"1":"a"}; map order is the map's own. */
    @Test
    void keysAreWrittenAsRubyWritesTheirText() {
        Map<Object, Object> keys = new LinkedHashMap<>();
        keys.put(1, "a");
        keys.put(Color.RED, "b");
        keys.put('c', "c");
        assertEquals("{\"1\":\"a\",\"RED\":\"b\",\"c\":\"c\"}", settings(keys));
        assertEquals("{\"a\":1,\"b\":2}", settings(new TreeMap<>(Map.of("b", 2, "a", 1))));
    }

    /** A JsonNode is written as the same document, Ruby's way: numbers with a fraction as Ruby's Float#to_s. */
    @Test
    void jsonNodesAreWrittenAsActiveSupportWritesTheParsedHash() throws IOException {
        JsonNode parsed = JsonMapper.builder().build().readTree(
                "{\"a\":1,\"b\":{\"c\":[1.50,\"<x>\",null,true]},\"big\":12345678901234567890,\"e\":1e20}");
        assertEquals("{\"a\":1,\"b\":{\"c\":[1.5,\"\\u003cx\\u003e\",null,true]},\"big\":12345678901234567890,"
                + "\"e\":1.0e+20}", settings(parsed));
        ObjectNode decimals = JsonNodeFactory.instance.objectNode();
        decimals.put("tenth", new BigDecimal("0.10"));
        decimals.put("exact", new BigDecimal("0.10000000000000000000001"));
        decimals.putPOJO("pojo", List.of(Instant.parse("2024-01-16T09:00:00Z")));
        decimals.put("bin", new byte[] {1, 2, 3});
        assertEquals("{\"tenth\":0.1,\"exact\":0.10000000000000000000001,\"pojo\":[\"2024-01-16T09:00:00.000Z\"],"
                + "\"bin\":\"AQID\"}", settings(decimals), "a decimal keeps every digit a double would lose");
    }

    /** Never silently toString'd: the error names the attribute and the path to the value. */
    /**
     * ActiveSupport's as_json puts each key's to_s into a new hash: keys of different types with one text become
     * one key, at its first place, with the last value ({1=>"a","1"=>"b"}.as_json is {"1"=>"b"}).
     */
    @Test
    void keysWithOneTextAreOneKeyHoldingTheLastValue() {
        Map<Object, Object> numbers = new LinkedHashMap<>();
        numbers.put(1, "a");
        numbers.put("x", 0);
        numbers.put("1", "b");
        assertEquals("{\"1\":\"b\",\"x\":0}", settings(numbers));
        Map<Object, Object> days = new LinkedHashMap<>();
        days.put("MONDAY", 1);
        days.put(java.time.DayOfWeek.MONDAY, 2);
        days.put(1L, 3);
        days.put(1, 4);
        assertEquals("{\"MONDAY\":2,\"1\":4}", settings(days));
    }

    /** An unpaired surrogate inside (a value, a list element, a key, a JSON node) is refused naming its path. */
    @Test
    void unpairedSurrogatesInsideAreRefusedNamingThePath() {
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> settings(map("a", map("b", List.of("x", "ok \uD83D")))));
        assertEquals("attribute \"settings\" at settings.a.b[1] has a string with an unpaired surrogate U+D83D at"
                + " index 3 (not valid Unicode, which Ruby refuses to encode and Dionysus does not change; fix the"
                + " text)", value.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> settings(map("a", map("k\uDC00", 1))));
        assertTrue(key.getMessage().startsWith("attribute \"settings\" at settings.a has a map key with an unpaired"
                + " surrogate U+DC00 at index 1"), key.getMessage());
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putArray("list").add("\uD800");
        IllegalArgumentException inNode = assertThrows(IllegalArgumentException.class, () -> settings(node));
        assertTrue(inNode.getMessage().startsWith("attribute \"settings\" at settings.list[0] has a string with an"
                + " unpaired surrogate U+D800 at index 0"), inNode.getMessage());
        assertEquals("[\"\uD83D\uDE00\"]", settings(List.of("\uD83D\uDE00")), "a pair is written as it is");
    }

    @Test
    void unknownValuesAreRefusedNamingTheAttributeAndThePath() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> settings(map("a", 1, "b", map("c", List.of(1, new Thread())))));
        assertTrue(unknown.getMessage().startsWith("attribute \"settings\" at settings.b.c[1] holds a"
                + " java.lang.Thread: a free-form value"), unknown.getMessage());

        Map<Object, Object> badKey = new LinkedHashMap<>();
        badKey.put(1.5, "x");
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> settings(List.of(badKey)));
        assertTrue(key.getMessage().startsWith("attribute \"settings\" at settings[0] has a map key of type"
                + " java.lang.Double (\"1.5\")"), key.getMessage());

        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        IllegalArgumentException cyclic = assertThrows(IllegalArgumentException.class, () -> settings(cycle));
        assertTrue(cyclic.getMessage().contains("is a map, list or array that contains itself (a cycle)"),
                cyclic.getMessage());
        List<Object> deepList = new ArrayList<>();
        List<Object> innermost = deepList;
        for (int i = 0; i < 600; i++) {
            List<Object> next = new ArrayList<>();
            innermost.add(next);
            innermost = next;
        }
        IllegalArgumentException deep = assertThrows(IllegalArgumentException.class, () -> settings(deepList));
        assertTrue(deep.getMessage().contains("nests deeper than 500 levels: "), deep.getMessage());

        IllegalArgumentException chars = assertThrows(IllegalArgumentException.class,
                () -> settings(new char[] {'a'}));
        assertTrue(chars.getMessage().startsWith("attribute \"settings\" holds a [C"), chars.getMessage());
    }

    /** Arrays of numbers and booleans are arrays, as Ruby writes an array of them; byte[] stays base64. */
    @Test
    void primitiveArraysAreWrittenAsArrays() {
        assertEquals("[1,-2]", settings(new int[] {1, -2}));
        assertEquals("[9007199254740993]", settings(new long[] {9007199254740993L}));
        assertEquals("[3]", settings(new short[] {3}));
        assertEquals("[1.0e+20,0.5,null]", settings(new double[] {1e20, 0.5, Double.NaN}));
        assertEquals("[0.1]", settings(new float[] {0.1f}));
        assertEquals("[true,false]", settings(new boolean[] {true, false}));
        assertEquals("{\"a\":[]}", settings(map("a", new int[0])));
    }
}
