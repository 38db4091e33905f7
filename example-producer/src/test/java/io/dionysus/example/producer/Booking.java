package io.dionysus.example.producer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The booking of reference §5.2: attributes, three relationships, its fees sideloaded. */
@DionysusTopic(namespace = "v3", name = "bookings", partitionKey = "rentalId", with = BookingsFee.class)
public class Booking {
    @Id @Serialize Long id;
    @Serialize BigDecimal finalPrice;
    @Serialize LocalDate startAt;
    @Serialize String notes;
    @Serialize Instant createdAt;
    @Serialize Instant updatedAt;
    @Serialize Instant canceledAt;
    @Serialize Account account;
    @Serialize Rental rental;
    @Serialize List<BookingsFee> bookingsFees = new ArrayList<>();

    public Long getRentalId() {
        return rental == null ? null : rental.getId();
    }
}
