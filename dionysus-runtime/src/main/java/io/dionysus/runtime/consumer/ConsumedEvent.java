package io.dionysus.runtime.consumer;

import java.util.List;
import java.util.Map;

/**
 * What the gem's consumer event bus publishes as {@code dionysus.consume}: one applied (or ignored) event.
 *
 * @param topic the topic it came from
 * @param eventName e.g. {@code user_updated}
 * @param modelName e.g. {@code User}
 * @param transformedData the transformed records (the {@code synced_*} attribute maps)
 * @param localChanges per {@code "<model>:<synced id>"}, the changed columns as {@code [old, new]}
 */
public record ConsumedEvent(
        String topic,
        String eventName,
        String modelName,
        List<Map<String, Object>> transformedData,
        Map<String, Map<String, List<Object>>> localChanges) {
}
