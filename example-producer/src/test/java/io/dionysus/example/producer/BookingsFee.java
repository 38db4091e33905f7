package io.dionysus.example.producer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The fee of reference §5.2, a {@code with} dependency of {@link Booking}; event names are the underscored class
 * name, not singularized: {@code bookings_fee_created}.
 */
@DionysusTopic(namespace = "v3", name = "bookings_fees")
public class BookingsFee {
    @Serialize public Long id;
    @Serialize public BigDecimal amount;
    @Serialize public String name;
    @Serialize public Instant createdAt;
    @Serialize public Instant updatedAt;
    @Serialize public Booking booking;
    public Long accountId;
}
