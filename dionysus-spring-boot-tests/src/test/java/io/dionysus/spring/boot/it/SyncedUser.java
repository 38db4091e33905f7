package io.dionysus.spring.boot.it;

import io.dionysus.annotations.DionysusConsumerTopic;
import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The consuming side: the synced copy of the users this same application publishes. */
@Entity
@Table(name = "synced_users")
@SyncedModel("User")
@DionysusConsumerTopic(namespace = "dionysus_demo", name = "users", deadLetterTopic = "dionysus_demo_users_errors")
public class SyncedUser {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    @Column(unique = true)
    public Long syncedId;
    public Instant syncedCreatedAt;
    public Instant syncedUpdatedAt;
    @Column(length = 4000)
    public String syncedData;
}
