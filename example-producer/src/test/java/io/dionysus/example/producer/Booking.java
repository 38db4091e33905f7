package io.dionysus.example.producer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** The booking of reference §5.2 (attributes only; relationships come with the aggregates issue). */
@DionysusTopic(namespace = "v3", name = "bookings", partitionKey = "rentalId")
public class Booking {
    @Id @Serialize Long id;
    @Serialize BigDecimal finalPrice;
    @Serialize LocalDate startAt;
    @Serialize String notes;
    @Serialize Instant createdAt;
    @Serialize Instant updatedAt;
    @Serialize Instant canceledAt;
    Long rentalId;
}
