package io.dionysus.hibernate.it;

import io.dionysus.annotations.DionysusObserve;
import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Republished when the price of one of its rooms changes (an observer). */
@Entity
@Table(name = "hotels")
@DionysusTopic(namespace = "dionysus_demo", name = "hotels")
@DionysusObserve(model = Room.class, attributes = "price", path = "hotel")
public class Hotel {
    @Id
    private Long id;
    @OneToMany(mappedBy = "hotel")
    private List<Room> rooms = new ArrayList<>();

    protected Hotel() {
    }

    public Hotel(long id) {
        this.id = id;
    }

    @Serialize
    public Long getId() {
        return id;
    }

    public List<Room> getRooms() {
        return rooms;
    }

    @Serialize
    public BigDecimal lowestPrice() {
        return rooms.stream().filter(room -> room.getCanceledAt() == null).map(Room::getPrice)
                .min(BigDecimal::compareTo).orElse(null);
    }
}
