package io.dionysus.example.consumer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import java.util.List;
import java.util.Map;

/** A published model with free-form attributes, as a Rails jsonb or serialized hash column. */
@DionysusTopic(namespace = "v3", name = "profiles")
public class Profile {
    @Serialize Long id;
    @Serialize Map<String, Object> settings;
    @Serialize List<?> tags;

    Profile(long id, Map<String, Object> settings, List<?> tags) {
        this.id = id;
        this.settings = settings;
        this.tags = tags;
    }
}
