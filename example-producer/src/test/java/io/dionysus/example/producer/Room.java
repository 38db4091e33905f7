package io.dionysus.example.producer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import java.math.BigDecimal;
import java.time.Instant;

/** Soft-deletable by its canceledAt (the gem's default soft-delete column). */
@DionysusTopic(namespace = "v3", name = "rooms")
public class Room {
    @Serialize public Long id;
    @Serialize public String name;
    @Serialize public BigDecimal price;
    @Serialize public Instant canceledAt;
    public Floor floor;
}
