package io.dionysus.hibernate;

import io.dionysus.runtime.DionysusModels;
import io.dionysus.runtime.DionysusPublisher;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.spi.DionysusRegistry;
import io.dionysus.runtime.spi.ModelRegistration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.registry.classloading.spi.ClassLoaderService;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the automatic capture with Hibernate ORM: found by Hibernate through
 * {@code META-INF/services/org.hibernate.integrator.spi.Integrator}, so having dionysus-hibernate on the class path is
 * all it takes. Every entity whose class (or a superclass) has a generated Dionysus publisher is captured: its
 * inserts, updates and deletes write the same outbox rows as the explicit {@code created}/{@code updated}/
 * {@code destroyed} calls would, just before the transaction commits (see {@code README}, "Hibernate").
 *
 * <p>The models come from the generated registries visible to Hibernate's class loaders. Settings:
 * {@link DionysusSettings#CAPTURE_ENABLED} (default true) and {@link DionysusSettings#OUTBOX}. Works with Hibernate
 * ORM 6.6 and 7.
 */
public final class DionysusIntegrator implements Integrator {

    private static final Logger LOG = LoggerFactory.getLogger(DionysusIntegrator.class);

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
            SessionFactoryImplementor sessionFactory) {
        var services = sessionFactory.getServiceRegistry();
        Map<String, Object> settings = services.getService(ConfigurationService.class).getSettings();
        if (!enabled(settings.get(DionysusSettings.CAPTURE_ENABLED))) {
            LOG.info("Dionysus capture is off ({}=false)", DionysusSettings.CAPTURE_ENABLED);
            return;
        }
        Outbox outbox = outbox(settings.get(DionysusSettings.OUTBOX));
        DionysusModels models = DionysusModels.of(
                services.getService(ClassLoaderService.class).loadJavaServices(DionysusRegistry.class));

        Map<String, DionysusPublisher<?>> publishers = new LinkedHashMap<>();
        Map<String, Class<?>> entityClasses = new LinkedHashMap<>();
        for (PersistentClass entity : metadata.getEntityBindings()) {
            ModelRegistration<?> registration = entity.getMappedClass() == null ? null
                    : models.find(entity.getMappedClass());
            if (registration != null) {
                publishers.put(entity.getEntityName(), registration.publisherFactory().apply(outbox));
                entityClasses.put(entity.getEntityName(), entity.getMappedClass());
            }
        }
        if (publishers.isEmpty()) {
            return;
        }
        Map<String, String> owningCollections = new LinkedHashMap<>();
        Map<String, Set<String>> owningCollectionsOf = new LinkedHashMap<>();
        for (Collection collection : metadata.getCollectionBindings()) {
            String owner = collection.getOwnerEntityName();
            if (!collection.isInverse() && publishers.containsKey(owner)
                    && collection.getRole().startsWith(owner + ".")) {
                String path = collection.getRole().substring(owner.length() + 1);
                int dot = path.indexOf('.');
                String property = dot < 0 ? path : path.substring(0, dot);
                owningCollections.put(collection.getRole(), property);
                owningCollectionsOf.computeIfAbsent(owner, entity -> new LinkedHashSet<>()).add(property);
            }
        }
        ChangeCapture capture = new ChangeCapture(publishers, entityClasses, owningCollections,
                owningCollectionsOf);
        EventListenerRegistry listeners = services.getService(EventListenerRegistry.class);
        listeners.appendListeners(EventType.POST_INSERT, capture);
        listeners.appendListeners(EventType.POST_UPDATE, capture);
        listeners.appendListeners(EventType.POST_DELETE, capture);
        listeners.appendListeners(EventType.POST_COLLECTION_RECREATE, capture);
        listeners.appendListeners(EventType.POST_COLLECTION_UPDATE, capture);
        listeners.appendListeners(EventType.POST_COLLECTION_REMOVE, capture);
        LOG.info("Dionysus captures {} entit{}: {}", publishers.size(), publishers.size() == 1 ? "y" : "ies",
                String.join(", ", publishers.keySet()));
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
    }

    private static boolean enabled(Object setting) {
        if (setting == null) {
            return true;
        }
        if (setting instanceof Boolean flag) {
            return flag;
        }
        String text = setting.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(DionysusSettings.CAPTURE_ENABLED + " must be true or false, not \"" + text
                + "\"");
    }

    private static Outbox outbox(Object setting) {
        if (setting == null) {
            return Outbox.builder().build();
        }
        if (setting instanceof Outbox outbox) {
            return outbox;
        }
        throw new IllegalArgumentException(DionysusSettings.OUTBOX + " must be an io.dionysus.runtime.outbox.Outbox,"
                + " not " + setting.getClass().getName());
    }
}
