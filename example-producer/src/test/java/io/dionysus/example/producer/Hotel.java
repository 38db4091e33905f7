package io.dionysus.example.producer;

import io.dionysus.annotations.DionysusObserve;
import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Observes its rooms' prices through a dotted path (room.floor.hotel) for a computed attribute. */
@DionysusTopic(namespace = "v3", name = "hotels")
@DionysusObserve(model = Room.class, attributes = {"price", "canceled_at"}, path = "floor.hotel")
public class Hotel {
    @Serialize public Long id;
    public List<Floor> floors = new ArrayList<>();

    @Serialize
    public BigDecimal cheapestPrice() {
        return floors.stream().flatMap(f -> f.rooms.stream()).filter(r -> r.canceledAt == null)
                .map(r -> r.price).min(BigDecimal::compareTo).orElse(null);
    }
}
