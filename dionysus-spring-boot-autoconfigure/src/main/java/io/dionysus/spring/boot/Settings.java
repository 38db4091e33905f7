package io.dionysus.spring.boot;

import java.time.Duration;

/** Checks of {@code dionysus.*} durations at start-up, naming the property, and their text in log lines. */
final class Settings {

    private Settings() {
    }

    /**
     * The duration, when above zero.
     *
     * @throws IllegalArgumentException naming the property otherwise
     */
    static Duration positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be a positive duration (e.g. 200ms, 5s), not " + value);
        }
        return value;
    }

    /**
     * The duration, when not negative.
     *
     * @throws IllegalArgumentException naming the property otherwise
     */
    static Duration notNegative(String property, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(property + " must not be negative, not " + value);
        }
        return value;
    }

    /** {@code 200ms}, {@code 5s}, {@code 10m}, {@code 7d}: the form the properties take. */
    static String text(Duration value) {
        return io.dionysus.runtime.internal.Durations.text(value);
    }
}
