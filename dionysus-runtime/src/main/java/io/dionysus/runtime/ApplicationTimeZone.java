package io.dionysus.runtime;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The application's time zone for messages, as a Rails application's {@code Time.zone}: every {@code Instant} and
 * {@code LocalDateTime} (taken as UTC) is written in it with its offset ({@code 2024-01-15T11:30:00.123+01:00}), as
 * the gem writes times in a non-UTC {@code Time.zone}. Default UTC ({@code …Z}), or the system property
 * {@code dionysus.time-zone}; the Spring Boot starter sets it from {@code dionysus.time-zone}.
 * {@code OffsetDateTime} and {@code ZonedDateTime} values keep their own offset whatever this is.
 *
 * <p>One setting for the whole JVM, as Rails' is per application. Thread-safe.
 */
public final class ApplicationTimeZone {

    private static volatile ZoneId zone = initial();
    private static volatile boolean utc = isUtc(zone);

    private ApplicationTimeZone() {
    }

    private static ZoneId initial() {
        String configured = System.getProperty("dionysus.time-zone");
        return configured == null || configured.isBlank() ? ZoneOffset.UTC : ZoneId.of(configured.trim());
    }

    /** The zone times are written in; {@link ZoneOffset#UTC} by default. */
    public static ZoneId get() {
        return zone;
    }

    /** Whether times are written in UTC with {@code Z} (the default, and the fast path). */
    public static boolean isUtc() {
        return utc;
    }

    /**
     * Sets the zone times are written in, e.g. {@code ZoneId.of("Europe/Paris")}.
     *
     * @throws NullPointerException when {@code zone} is null
     */
    public static void set(ZoneId zone) {
        ApplicationTimeZone.zone = Objects.requireNonNull(zone, "zone");
        ApplicationTimeZone.utc = isUtc(zone);
    }

    /** Whether a zone is UTC itself (written {@code Z}), not merely at offset zero (written {@code +00:00}). */
    public static boolean isUtc(ZoneId zone) {
        ZoneId normalized = zone.normalized();
        return normalized.equals(ZoneOffset.UTC) || zone.getId().equals("UTC") || zone.getId().equals("Etc/UTC")
                || zone.getId().equals("Z");
    }
}
