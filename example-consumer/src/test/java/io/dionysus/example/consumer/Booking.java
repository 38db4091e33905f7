package io.dionysus.example.consumer;

import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.Table;
import java.time.Instant;

/** A hard-deleted synced model (no syncedCanceledAt). */
@SyncedModel
@Table(name = "bookings")
public class Booking {
    public static final String DDL = "CREATE TABLE bookings (synced_id BIGINT NOT NULL PRIMARY KEY,"
            + " client_fullname VARCHAR(255), synced_updated_at TIMESTAMP WITH TIME ZONE)";

    Long syncedId;
    String clientFullname;
    Instant syncedUpdatedAt;
}
