package io.dionysus.example.consumer;

import io.dionysus.annotations.DionysusConsumerTopic;
import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The seed's consumer-side {@code User}: the synced copy of the producer's {@code User}, in this application's own
 * database ({@code rails generate model User name:string synced_id:bigint synced_created_at:datetime
 * synced_updated_at:datetime synced_data:jsonb}).
 */
@Entity
@Table(name = "users")
@SyncedModel("User")
@DionysusConsumerTopic(namespace = "dionysus_demo", name = "users")
public class User {

    /** This database's own id. */
    @Id
    @GeneratedValue
    private Long id;
    private String name;
    private Long syncedId;
    private Instant syncedCreatedAt;
    private Instant syncedUpdatedAt;
    private String syncedData;

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

    public Long getSyncedId() {
        return syncedId;
    }

    public void setSyncedId(Long syncedId) {
        this.syncedId = syncedId;
    }

    public Instant getSyncedCreatedAt() {
        return syncedCreatedAt;
    }

    public void setSyncedCreatedAt(Instant syncedCreatedAt) {
        this.syncedCreatedAt = syncedCreatedAt;
    }

    public Instant getSyncedUpdatedAt() {
        return syncedUpdatedAt;
    }

    public void setSyncedUpdatedAt(Instant syncedUpdatedAt) {
        this.syncedUpdatedAt = syncedUpdatedAt;
    }

    public String getSyncedData() {
        return syncedData;
    }

    public void setSyncedData(String syncedData) {
        this.syncedData = syncedData;
    }
}
