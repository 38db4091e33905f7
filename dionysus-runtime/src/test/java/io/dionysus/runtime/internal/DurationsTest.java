package io.dionysus.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void largestWholeUnit() {
        assertEquals("7d", Durations.text(Duration.ofDays(7)));
        assertEquals("36h", Durations.text(Duration.ofHours(36)));
        assertEquals("90m", Durations.text(Duration.ofMinutes(90)));
        assertEquals("90s", Durations.text(Duration.ofSeconds(90)));
        assertEquals("1500ms", Durations.text(Duration.ofMillis(1500)));
        assertEquals("0s", Durations.text(Duration.ZERO));
        assertEquals("-60s", Durations.text(Duration.ofMinutes(-1)));
    }
}
