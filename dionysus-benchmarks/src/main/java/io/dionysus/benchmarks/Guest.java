package io.dionysus.benchmarks;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** The entity of {@link CaptureBenchmark}: a few typical attributes. */
@Entity
@Table(name = "guests")
@DionysusTopic(namespace = "bench", name = "guests")
public class Guest {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    private String email;
    private BigDecimal balance;
    private Instant createdAt;
    private Instant updatedAt;

    protected Guest() {
    }

    public Guest(String name, String email, BigDecimal balance, Instant now) {
        this.name = name;
        this.email = email;
        this.balance = balance;
        this.createdAt = now;
        this.updatedAt = now;
    }

    @Serialize
    public Long getId() {
        return id;
    }

    @Serialize
    public String getName() {
        return name;
    }

    @Serialize
    public String getEmail() {
        return email;
    }

    @Serialize
    public BigDecimal getBalance() {
        return balance;
    }

    @Serialize
    public Instant getCreatedAt() {
        return createdAt;
    }

    @Serialize
    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
