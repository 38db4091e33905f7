package io.dionysus.example.consumer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;

/** A published model with a polymorphic relationship, its guest sideloaded by the guest's own model. */
@DionysusTopic(namespace = "v3", name = "reservations", with = {AdminUser.class, ClientCard.class})
public class Reservation {
    @Serialize Long id;
    @Serialize Guest guest;

    Reservation(long id, Guest guest) {
        this.id = id;
        this.guest = guest;
    }
}
