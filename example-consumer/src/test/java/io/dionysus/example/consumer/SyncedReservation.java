package io.dionysus.example.consumer;

import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.Table;

/** The synced copy of {@code Reservation}: its polymorphic links land in synced_{guest,client}_id and _type. */
@SyncedModel("Reservation")
@Table(name = "reservations")
public class SyncedReservation {
    public static final String DDL = "CREATE TABLE reservations (synced_id BIGINT NOT NULL PRIMARY KEY,"
            + " synced_guest_id BIGINT, synced_guest_type VARCHAR(100),"
            + " synced_client_id BIGINT, synced_client_type VARCHAR(100), synced_data TEXT)";

    Long syncedId;
    Long syncedGuestId;
    String syncedGuestType;
    Long syncedClientId;
    String syncedClientType;
    String syncedData;
}
