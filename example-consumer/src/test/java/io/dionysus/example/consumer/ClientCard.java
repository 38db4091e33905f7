package io.dionysus.example.consumer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;

/** A second published model on the Admin::User topic, as the Ruby model {@code Client}. */
@DionysusTopic(namespace = "v3", name = "admin_users", modelName = "Client")
public class ClientCard {
    @Serialize Long id;
    @Serialize String fullname;

    ClientCard(long id, String fullname) {
        this.id = id;
        this.fullname = fullname;
    }
}
