package io.dionysus.example.consumer;

import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.Table;
import java.time.Instant;

/** The synced copy of Ruby's namespaced {@code Admin::User}. */
@SyncedModel("Admin::User")
@Table(name = "admin_users")
public class SyncedAdminUser {
    public static final String DDL = "CREATE TABLE admin_users (synced_id BIGINT NOT NULL PRIMARY KEY,"
            + " email VARCHAR(255), synced_updated_at TIMESTAMP WITH TIME ZONE, synced_data TEXT)";

    Long syncedId;
    String email;
    Instant syncedUpdatedAt;
    String syncedData;
}
