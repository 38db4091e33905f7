package io.dionysus.example.producer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** A rental of an {@link Account}; partitioned by its account (the gem's default {@code account_id}). */
@Entity
@EntityListeners(Timestamps.class)
@Table(name = "rentals")
@DionysusTopic(namespace = "dionysus_demo", name = "rentals")
public class Rental implements Timestamps.Stamped {

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

    @ManyToOne(fetch = FetchType.LAZY)
    @Serialize
    private Account account;

    public Rental() {
    }

    public Rental(String name, Account account) {
        this.name = name;
        this.account = account;
    }

    /** The partition key: the gem's default partition key is {@code account_id}. */
    public Long getAccountId() {
        return account == null ? null : account.getId();
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

    public Account getAccount() {
        return account;
    }
}
