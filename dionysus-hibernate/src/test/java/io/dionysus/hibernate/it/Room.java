package io.dionysus.hibernate.it;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** Soft-deletable ({@code canceledAt}); its price is observed by {@link Hotel}. */
@Entity
@Table(name = "rooms")
@DionysusTopic(namespace = "dionysus_demo", name = "rooms")
public class Room {
    @Id
    private Long id;
    private String name;
    private BigDecimal price;
    private Instant canceledAt;
    @ManyToOne(fetch = FetchType.LAZY)
    private Hotel hotel;

    protected Room() {
    }

    public Room(long id, Hotel hotel, String name, BigDecimal price) {
        this.id = id;
        this.hotel = hotel;
        this.name = name;
        this.price = price;
    }

    @Serialize
    public Long getId() {
        return id;
    }

    @Serialize
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Serialize
    public BigDecimal getPrice() {
        return price;
    }

    public void setPrice(BigDecimal price) {
        this.price = price;
    }

    @Serialize
    public Instant getCanceledAt() {
        return canceledAt;
    }

    public void setCanceledAt(Instant canceledAt) {
        this.canceledAt = canceledAt;
    }

    public Hotel getHotel() {
        return hotel;
    }
}
