package io.dionysus.example.consumer;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import java.time.Instant;

/** The Java publisher of Ruby's namespaced {@code Admin::User}, on the topic a Ruby service shares. */
@DionysusTopic(namespace = "v3", name = "admin_users", modelName = "Admin::User")
public class AdminUser implements Guest {
    @Serialize Long id;
    @Serialize String email;
    @Serialize Instant updatedAt;
    /** Not published: leads a change back to the reservation it is sideloaded into. */
    Reservation reservation;

    AdminUser(long id, String email, Instant updatedAt) {
        this.id = id;
        this.email = email;
        this.updatedAt = updatedAt;
    }
}
