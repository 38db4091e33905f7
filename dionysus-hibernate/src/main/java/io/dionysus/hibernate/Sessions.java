package io.dionysus.hibernate;

import io.dionysus.hibernate.compat.Hibernate7;
import org.hibernate.Version;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.AbstractCollectionEvent;
import org.hibernate.event.spi.AbstractEvent;

/**
 * The session an event happened in, on Hibernate 6.6 and 7 alike. Entity events changed their {@code getSession()}
 * signature in 7 ({@code EventSource} → {@code SharedSessionContractImplementor}); on 7 the call goes through
 * dionysus-hibernate-compat, compiled against 7. Collection events kept theirs.
 */
final class Sessions {

    static final boolean HIBERNATE_7_OR_LATER = majorVersion(Version.getVersionString()) >= 7;

    private Sessions() {
    }

    /** The session, or {@code null} for a StatelessSession's event on Hibernate 6.6 (it has none). */
    static SharedSessionContractImplementor of(AbstractEvent event) {
        return HIBERNATE_7_OR_LATER ? Hibernate7.session(event) : event.getSession();
    }

    /** The session, or {@code null} for a StatelessSession's collection event. */
    static SharedSessionContractImplementor of(AbstractCollectionEvent event) {
        return event.getSession();
    }

    /** {@code 6} for {@code "6.6.33.Final"}; {@code 0} when unreadable. */
    static int majorVersion(String version) {
        int end = 0;
        while (version != null && end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
    }
}
