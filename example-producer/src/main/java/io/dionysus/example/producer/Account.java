package io.dionysus.example.producer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An account, published with its rentals sideloaded ({@code with = Rental.class}) and a computed
 * {@code rentals_count}: creating, updating or destroying a {@link Rental} republishes its account as
 * {@code account_updated}, the design card's example of domain-level CDC.
 */
@Entity
@EntityListeners(Timestamps.class)
@Table(name = "accounts")
@DionysusTopic(namespace = "dionysus_demo", name = "accounts", partitionKey = "id", with = Rental.class)
public class Account implements Timestamps.Stamped {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Serialize
    private Long id;

    @Serialize
    private String name;

    @Serialize
    private Instant createdAt;

    @Serialize
    private Instant updatedAt;

    @OneToMany(mappedBy = "account")
    @Serialize
    private List<Rental> rentals = new ArrayList<>();

    public Account() {
    }

    public Account(String name) {
        this.name = name;
    }

    /** A computed attribute, as overriding a method in a gem serializer. */
    @Serialize
    public int rentalsCount() {
        return rentals.size();
    }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
    }

    public List<Rental> getRentals() {
        return rentals;
    }
}
