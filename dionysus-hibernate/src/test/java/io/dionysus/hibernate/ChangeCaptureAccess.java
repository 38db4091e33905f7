package io.dionysus.hibernate;

import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;

/** Finds the capture listener a session factory runs, for tests of its bookkeeping. */
final class ChangeCaptureAccess {

    private ChangeCaptureAccess() {
    }

    static ChangeCapture capture(SessionFactory sessionFactory) {
        EventListenerRegistry registry = sessionFactory.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                .getService(EventListenerRegistry.class);
        for (Object listener : registry.getEventListenerGroup(EventType.POST_INSERT).listeners()) {
            if (listener instanceof ChangeCapture capture) {
                return capture;
            }
        }
        throw new AssertionError("no ChangeCapture registered");
    }
}
