package io.dionysus.hibernate.compat;

import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.AbstractEvent;

/**
 * Calls whose binary signature changed in Hibernate ORM 7, compiled against 7. In 6.6 {@code AbstractEvent.getSession()}
 * returns {@code EventSource}; in 7 it returns {@code SharedSessionContractImplementor}, so one compiled call cannot
 * serve both. Internal to dionysus-hibernate; not API.
 */
public final class Hibernate7 {

    private Hibernate7() {
    }

    /** The session an entity event (insert, update, delete) happened in. */
    public static SharedSessionContractImplementor session(AbstractEvent event) {
        return event.getSession();
    }
}
