package io.dionysus.example.consumer;

import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.Table;

/** The gem's publisher_spec model of reference §5.1. */
@SyncedModel
@Table(name = "example_resources")
public class ExampleResource {
    public static final String DDL = "CREATE TABLE example_resources (synced_id BIGINT NOT NULL PRIMARY KEY)";

    Long syncedId;
}
