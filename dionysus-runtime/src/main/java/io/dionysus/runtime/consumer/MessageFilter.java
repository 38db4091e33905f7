package io.dionysus.runtime.consumer;

import java.util.List;
import java.util.Map;

/**
 * Skips received events before they are applied, as the gem's {@code message_filters}: the first filter that
 * answers {@code true} skips the event (logged at warn, not applied, not passed to the listener's
 * {@code consume}). E.g. to ignore another tenant's records.
 */
@FunctionalInterface
public interface MessageFilter {

    /**
     * Whether to skip this event.
     *
     * @param topic the topic it came from
     * @param event the event as received
     * @param transformedData its records, transformed ({@code synced_*} names)
     */
    boolean ignore(String topic, ReceivedEvent event, List<Map<String, Object>> transformedData);
}
