package io.dionysus.example.consumer;

import io.dionysus.annotations.DionysusConsumerTopic;
import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The synced copy of the producer's {@code Rental}; its link to the account arrives as {@code synced_account_id}. */
@Table(name = "rentals")
@SyncedModel
@DionysusConsumerTopic(namespace = "dionysus_demo", name = "rentals")
public class Rental {
    @Id
    @GeneratedValue
    Long id;
    String name;
    Long syncedAccountId;
    Long syncedId;
    Instant syncedCreatedAt;
    Instant syncedUpdatedAt;
    String syncedData;
}
