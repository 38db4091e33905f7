package io.dionysus.example.consumer;

import io.dionysus.annotations.DionysusConsumerTopic;
import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The synced copy of the producer's {@code Account}, with the producer's computed {@code rentals_count}. */
@Table(name = "accounts")
@SyncedModel
@DionysusConsumerTopic(namespace = "dionysus_demo", name = "accounts")
public class Account {
    @Id
    @GeneratedValue
    Long id;
    String name;
    Integer rentalsCount;
    Long syncedId;
    Instant syncedCreatedAt;
    Instant syncedUpdatedAt;
    String syncedData;
}
