package io.dionysus.example.producer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;

/** Event names are the underscored class name, not singularized: {@code bookings_fee_created}. */
@DionysusTopic(namespace = "v3", name = "bookings_fees")
public class BookingsFee {
    @Serialize public Long id;
    @Serialize public String name;
    public Long accountId;
}
