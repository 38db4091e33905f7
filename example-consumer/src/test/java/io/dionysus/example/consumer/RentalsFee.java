package io.dionysus.example.consumer;

import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.Table;

/** Received with {@code data} as a single object (reference §5.4). */
@SyncedModel
@Table(name = "rentals_fees")
public class RentalsFee {
    public static final String DDL = "CREATE TABLE rentals_fees (synced_id BIGINT NOT NULL PRIMARY KEY,"
            + " synced_data TEXT)";

    Long syncedId;
    String syncedData;
}
