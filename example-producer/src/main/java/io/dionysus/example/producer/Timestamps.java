package io.dionysus.example.producer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The time the entities stamp, as the database keeps it (microseconds), so the message and the row agree. */
final class Timestamps {

    private Timestamps() {
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
