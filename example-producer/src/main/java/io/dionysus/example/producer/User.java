package io.dionysus.example.producer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The seed's {@code User}: published on {@code dionysus_demo_users} with the post's attributes, in its order. */
@Entity
@EntityListeners(Timestamps.class)
@Table(name = "users")
@DionysusTopic(namespace = "dionysus_demo", name = "users")
public class User implements Timestamps.Stamped {

    @Serialize
    private String name;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Serialize
    private Long id;

    @Serialize
    private Instant createdAt;

    @Serialize
    private Instant updatedAt;

    public User() {
    }

    public User(String name) {
        this.name = name;
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
}
