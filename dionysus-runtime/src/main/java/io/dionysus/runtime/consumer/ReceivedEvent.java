package io.dionysus.runtime.consumer;

import java.util.List;
import java.util.Map;

/**
 * One event of a received message, before transformation.
 *
 * @param eventName e.g. {@code user_created}
 * @param modelName e.g. {@code User}
 * @param records the records of {@code data} (an object is read as a one-record array)
 */
public record ReceivedEvent(String eventName, String modelName, List<Map<String, Object>> records) {
}
