package io.dionysus.runtime.outbox;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The topics whose rows the relay leaves unclaimed for now, so that they hold up no batch: those whose metadata is
 * being looked up, and those whose lookup failed, until their back-off passed (their rows' {@code retry_at}). Also
 * counts each topic's failed lookups, for its back-off. Used by the relay's thread only.
 */
final class UnavailableTopics {

    private final Map<String, Instant> backingOff = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();

    /** The topics not to claim at {@code now}: those backing off, and those whose lookup is {@code underWay}. */
    Set<String> skipped(Instant now, Set<String> underWay) {
        backingOff.values().removeIf(until -> !until.isAfter(now));
        Set<String> skipped = new LinkedHashSet<>(underWay);
        skipped.addAll(backingOff.keySet());
        return skipped;
    }

    /** The topic's metadata was learnt: its count of failures starts again. */
    void available(String topic) {
        failures.remove(topic);
        backingOff.remove(topic);
    }

    /** Rows of the topic that had failed {@code attempts} times wait for its lookup (e.g. after a restart). */
    void waiting(String topic, int attempts) {
        failures.merge(topic, attempts, Math::max);
    }

    /** The topic's lookup failed; returns the how-manyth failure it is, for its back-off. */
    int failed(String topic) {
        return failures.merge(topic, 1, (before, one) -> before + one);
    }

    /** The topic's rows are not claimed before {@code until}. */
    void backOff(String topic, Instant until) {
        backingOff.put(topic, until);
    }
}
