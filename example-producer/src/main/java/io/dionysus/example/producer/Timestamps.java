package io.dionysus.example.producer;

import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Rails' timestamps as a JPA entity listener: {@code created_at} and {@code updated_at} set on create,
 * {@code updated_at} on every update, to the microsecond the database keeps, so the message and the row agree.
 */
public final class Timestamps {

    /** An entity with Rails' two timestamps. */
    public interface Stamped {
        Instant getCreatedAt();

        void setCreatedAt(Instant createdAt);

        void setUpdatedAt(Instant updatedAt);
    }

    @PrePersist
    void created(Stamped entity) {
        Instant now = now();
        entity.setCreatedAt(now);
        entity.setUpdatedAt(now);
    }

    @PreUpdate
    void updated(Stamped entity) {
        entity.setUpdatedAt(now());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
