package io.dionysus.example.consumer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;

/**
 * A published model with two polymorphic relationships: {@code guest} is linked only (no include name of a {@code with}
 * model, as the gem), {@code client} is also sideloaded, by the held record's own model ({@code client} is Client's
 * singular include name).
 */
@DionysusTopic(namespace = "v3", name = "reservations", with = {AdminUser.class, ClientCard.class})
public class Reservation {
    @Serialize Long id;
    @Serialize Guest guest;
    @Serialize Guest client;

    Reservation(long id, Guest guest) {
        this(id, guest, null);
    }

    Reservation(long id, Guest guest, Guest client) {
        this.id = id;
        this.guest = guest;
        this.client = client;
    }
}
