package io.dionysus.example.consumer;

import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.Table;

/** A synced model with nothing but its id and a name. */
@SyncedModel
@Table(name = "clients")
public class Client {
    public static final String DDL = "CREATE TABLE clients (synced_id BIGINT NOT NULL PRIMARY KEY,"
            + " fullname VARCHAR(255))";

    Long syncedId;
    String fullname;
}
