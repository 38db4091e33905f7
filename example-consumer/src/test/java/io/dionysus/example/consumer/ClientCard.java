package io.dionysus.example.consumer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;

/** A second published model on the Admin::User topic, as the Ruby model {@code Client}. */
@DionysusTopic(namespace = "v3", name = "admin_users", modelName = "Client")
public class ClientCard implements Guest {
    @Serialize Long id;
    @Serialize String fullname;
    /** Not published: leads a change back to the reservation it is sideloaded into. */
    Reservation reservation;

    ClientCard(long id, String fullname) {
        this.id = id;
        this.fullname = fullname;
    }
}
