package io.dionysus.example.producer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;

/** A topic shared with Ruby producers: genesis twin, Ruby partitioning, the gem's text tombstones. */
@DionysusTopic(namespace = "v3", name = "listings", genesisReplica = true, partitionKey = "accountUuid",
        partitioning = DionysusTopic.Partitioning.RUBY, tombstone = DionysusTopic.TombstoneValue.JSON_NULL)
public class Listing {
    @Serialize public Long id;
    @Serialize public String title;
    public String accountUuid;
}
