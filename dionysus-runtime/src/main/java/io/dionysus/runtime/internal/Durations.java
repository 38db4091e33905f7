package io.dionysus.runtime.internal;

import java.time.Duration;

/**
 * Durations as people write them in settings and on command lines: {@code 200ms}, {@code 90s}, {@code 15m},
 * {@code 12h}, {@code 7d}. Used by the project's own modules (the Spring Boot starter's messages, the CLI); not an
 * API for applications.
 */
public final class Durations {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private Durations() {
    }

    /**
     * {@code value} in its largest whole unit, to the millisecond: {@code 7d}, {@code 15m}, {@code 90s},
     * {@code 1500ms}; zero is {@code 0s}, a negative value is in seconds or milliseconds.
     *
     * @throws ArithmeticException when {@code value} does not fit a {@code long} of milliseconds
     */
    public static String text(Duration value) {
        long millis = value.toMillis();
        if (millis > 0) {
            for (long unit : new long[] {DAY, HOUR, MINUTE}) {
                if (millis % unit == 0) {
                    return millis / unit + (unit == DAY ? "d" : unit == HOUR ? "h" : "m");
                }
            }
        }
        return millis % SECOND == 0 ? millis / SECOND + "s" : millis + "ms";
    }
}
