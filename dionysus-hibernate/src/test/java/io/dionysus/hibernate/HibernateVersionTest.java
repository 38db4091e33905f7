package io.dionysus.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hibernate.Version;
import org.junit.jupiter.api.Test;

/**
 * The tests of this module run twice: here against Hibernate 6.6 and in dionysus-hibernate-h7-tests against 7
 * (each module's Surefire sets {@code dionysus.hibernate.major}); this pins which one actually ran.
 */
class HibernateVersionTest {

    @Test
    void theTestsRunOnTheIntendedHibernateVersion() {
        assertEquals(Integer.getInteger("dionysus.hibernate.major"), Sessions.majorVersion(Version.getVersionString()),
                Version.getVersionString());
        assertEquals(Sessions.majorVersion(Version.getVersionString()) >= 7, Sessions.HIBERNATE_7_OR_LATER);
    }

    @Test
    void majorVersions() {
        assertEquals(6, Sessions.majorVersion("6.6.33.Final"));
        assertEquals(7, Sessions.majorVersion("7.2.19.Final"));
        assertEquals(0, Sessions.majorVersion("unknown"));
        assertEquals(0, Sessions.majorVersion(null));
    }
}
