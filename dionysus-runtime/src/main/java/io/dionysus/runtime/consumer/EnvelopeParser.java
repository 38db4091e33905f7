package io.dionysus.runtime.consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the gem's envelope {@code {"message":[{"event","model_name","data"}…]}} into events, with Jackson's tree
 * model (never binding to classes). Tombstones (a null value, or the gem's 4-byte text {@code null}) give no events;
 * anything else that is not one JSON envelope (an empty value, blank text, trailing text) is rejected.
 *
 * <p>Limits: strings and property names of any length (Jackson's defaults, 20,000,000 and 50,000 characters, are
 * lifted: a string cannot be longer than the value, and the consumer fetches values of any size the topic allows);
 * Jackson's nesting depth (1,000) and number length (1,000 characters) stay, as the gem writes neither.
 */
public final class EnvelopeParser {

    private static final ObjectMapper TREE = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxNameLength(Integer.MAX_VALUE)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EnvelopeParser() {
    }

    /**
     * The events of a Kafka value.
     *
     * @throws IllegalArgumentException when the value is neither a tombstone nor a Dionysus envelope
     */
    public static List<ReceivedEvent> parse(byte[] value) {
        if (value == null) {
            return List.of();
        }
        if (value.length == 0) {
            throw new IllegalArgumentException("an empty value (0 bytes): neither a tombstone (a null value or the"
                    + " text null) nor a Dionysus envelope");
        }
        JsonNode root;
        try {
            root = TREE.readTree(value);
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("beyond the consumer's JSON limits: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("not JSON: " + value.length + " bytes of white space");
        }
        if (root.isNull()) {
            return List.of();
        }
        JsonNode message = root.get("message");
        if (!root.isObject() || message == null || !message.isArray()) {
            throw new IllegalArgumentException("not a Dionysus envelope: no \"message\" array in "
                    + abbreviate(new String(value, StandardCharsets.UTF_8)));
        }
        List<ReceivedEvent> events = new ArrayList<>();
        for (JsonNode event : message) {
            JsonNode name = event.get("event");
            JsonNode model = event.get("model_name");
            if (name == null || !name.isTextual() || model == null || !model.isTextual()) {
                throw new IllegalArgumentException("event without \"event\" or \"model_name\": " + event);
            }
            JsonNode data = event.get("data");
            List<Map<String, Object>> records = new ArrayList<>();
            if (data != null && data.isArray()) {
                for (JsonNode record : data) {
                    records.add(object(record));
                }
            } else if (data != null && data.isObject()) {
                records.add(object(data));
            } else if (data != null && !data.isNull()) {
                throw new IllegalArgumentException("\"data\" is neither an array nor an object: " + data);
            }
            events.add(new ReceivedEvent(name.asText(), model.asText(), records));
        }
        return events;
    }

    private static Map<String, Object> object(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a record is not an object: " + node);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), java(field.getValue()));
        }
        return map;
    }

    /** A JSON node as plain Java: String, Long, BigInteger, BigDecimal, Boolean, List, Map or null. */
    static Object java(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(java(element)));
            return list;
        }
        if (node.isObject()) {
            return object(node);
        }
        return node.asText();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
