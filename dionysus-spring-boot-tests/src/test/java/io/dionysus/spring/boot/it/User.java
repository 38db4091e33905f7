package io.dionysus.spring.boot.it;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The seed's user. */
@Entity
@Table(name = "users")
@DionysusTopic(namespace = "dionysus_demo", name = "users")
public class User {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    private Instant createdAt;
    private Instant updatedAt;

    protected User() {
    }

    public User(String name) {
        this.name = name;
    }

    @PrePersist
    void stampCreated() {
        createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        updatedAt = createdAt;
    }

    @PreUpdate
    void stampUpdated() {
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @Serialize
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Serialize
    public Long getId() {
        return id;
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
