package io.dionysus.hibernate.it;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

/** The seed's user, as a JPA entity: no publisher call anywhere. */
@Entity
@Table(name = "users")
@DionysusTopic(namespace = "dionysus_demo", name = "users")
public class User {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    @CreationTimestamp
    private Instant createdAt;
    @UpdateTimestamp
    private Instant updatedAt;

    protected User() {
    }

    public User(String name) {
        this.name = name;
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
