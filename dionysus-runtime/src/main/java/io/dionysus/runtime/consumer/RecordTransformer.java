package io.dionysus.runtime.consumer;

import io.dionysus.runtime.naming.Inflector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gem's consumer deserializer (reference C5): {@code id}, {@code created_at}, {@code updated_at} and
 * {@code canceled_at} become {@code synced_*}; each link becomes {@code synced_<name>_id}, {@code
 * synced_<singular name>_ids} or, for a polymorphic {@code {"type","id"}}, {@code synced_<name>_id} and
 * {@code synced_<name>_type}; sideloaded relationships (keys named like a link) are left out; every other key is
 * kept as is. Keys stay in received order.
 */
public final class RecordTransformer {

    private RecordTransformer() {
    }

    /** The transformed attributes of one received record. */
    public static Map<String, Object> transform(Map<String, Object> record) {
        Object links = record.get("links");
        Map<?, ?> linkMap = links instanceof Map<?, ?> map ? map : Map.of();
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : record.entrySet()) {
            String key = entry.getKey();
            switch (key) {
                case "id" -> attributes.put("synced_id", entry.getValue());
                case "created_at" -> attributes.put("synced_created_at", entry.getValue());
                case "updated_at" -> attributes.put("synced_updated_at", entry.getValue());
                case "canceled_at" -> attributes.put("synced_canceled_at", entry.getValue());
                case "links" -> linkMap.forEach((name, value) -> link(attributes, String.valueOf(name), value));
                default -> {
                    if (!linkMap.containsKey(key)) {
                        attributes.put(key, entry.getValue());
                    }
                }
            }
        }
        return attributes;
    }

    private static void link(Map<String, Object> attributes, String name, Object value) {
        if (value instanceof List<?>) {
            attributes.put("synced_" + Inflector.singularize(name) + "_ids", value);
        } else if (value instanceof Map<?, ?> polymorphic) {
            attributes.put("synced_" + name + "_id", polymorphic.get("id"));
            attributes.put("synced_" + name + "_type", polymorphic.get("type"));
        } else {
            attributes.put("synced_" + name + "_id", value);
        }
    }
}
