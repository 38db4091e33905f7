package io.dionysus.example.producer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Id;

/**
 * A model on a topic shared with Ruby producers whose partition key comes from a resolver (the gem's lambda): its
 * text as it is, null for none.
 */
@DionysusTopic(namespace = "v3", name = "payments", partitioning = DionysusTopic.Partitioning.RUBY,
        partitionKeyResolver = "ledgerKey")
public class Payment {
    @Id @Serialize Long id;
    @Serialize String ledger;

    Payment(long id, String ledger) {
        this.id = id;
        this.ledger = ledger;
    }

    /** The resolver: the ledger's code, or none. */
    String ledgerKey() {
        return ledger;
    }
}
