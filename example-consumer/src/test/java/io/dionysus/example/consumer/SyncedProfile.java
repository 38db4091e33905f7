package io.dionysus.example.consumer;

import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.Table;

/** The synced copy of {@code Profile}: its free-form attributes land in text columns as JSON. */
@SyncedModel("Profile")
@Table(name = "profiles")
public class SyncedProfile {
    public static final String DDL = "CREATE TABLE profiles (synced_id BIGINT NOT NULL PRIMARY KEY,"
            + " settings TEXT, tags TEXT, synced_data TEXT)";

    Long syncedId;
    String settings;
    String tags;
    String syncedData;
}
