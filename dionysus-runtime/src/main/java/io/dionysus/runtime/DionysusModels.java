package io.dionysus.runtime;

import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.spi.DionysusRegistry;
import io.dionysus.runtime.spi.ModelRegistration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every published model found through the generated registries on the class path ({@link ServiceLoader}).
 * Lets frameworks look up a model's serializer or publisher by class, e.g. from a JPA entity listener.
 */
public final class DionysusModels {

    private final Map<Class<?>, ModelRegistration<?>> byClass;

    private DionysusModels(Map<Class<?>, ModelRegistration<?>> byClass) {
        this.byClass = byClass;
    }

    /** Loads the registries visible to this class's class loader. */
    public static DionysusModels load() {
        return load(DionysusModels.class.getClassLoader());
    }

    /** Loads the registries visible to a class loader. */
    public static DionysusModels load(ClassLoader classLoader) {
        return of(ServiceLoader.load(DionysusRegistry.class, classLoader));
    }

    /**
     * The models of the given registries, e.g. found by a framework's own service loading (Hibernate's
     * {@code ClassLoaderService}). A model listed twice keeps its last registration.
     */
    public static DionysusModels of(Iterable<? extends DionysusRegistry> registries) {
        Map<Class<?>, ModelRegistration<?>> byClass = new LinkedHashMap<>();
        for (DionysusRegistry registry : registries) {
            for (ModelRegistration<?> model : registry.models()) {
                byClass.put(model.modelClass(), model);
            }
        }
        return new DionysusModels(byClass);
    }

    /** All registered models. */
    public List<ModelRegistration<?>> all() {
        return Collections.unmodifiableList(new ArrayList<>(byClass.values()));
    }

    /**
     * The registration of a class or of its nearest published superclass (an entity subclass without a generated
     * publisher of its own is published as its superclass), or {@code null} when there is none.
     */
    public ModelRegistration<?> find(Class<?> type) {
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            ModelRegistration<?> registration = byClass.get(current);
            if (registration != null) {
                return registration;
            }
        }
        return null;
    }

    /** Whether no model is registered (no generated registry on the class path). */
    public boolean isEmpty() {
        return byClass.isEmpty();
    }

    /**
     * The registration of a model class.
     *
     * @throws IllegalArgumentException when the class has no generated publisher
     */
    @SuppressWarnings("unchecked")
    public <T> ModelRegistration<T> registration(Class<T> modelClass) {
        ModelRegistration<?> registration = byClass.get(modelClass);
        if (registration == null) {
            throw new IllegalArgumentException(modelClass.getName() + " is not a published model: annotate it with "
                    + "@DionysusTopic and compile it with the Dionysus processor");
        }
        return (ModelRegistration<T>) registration;
    }

    /** The facts of a model class (topics, keys, parents, observers). */
    public <T> PublishedModel<T> model(Class<T> modelClass) {
        return registration(modelClass).model();
    }

    /** The generated serializer of a model class. */
    public <T> DionysusSerializer<T> serializer(Class<T> modelClass) {
        return registration(modelClass).serializer();
    }

    /** A generated publisher of a model class writing to the given outbox. */
    public <T> DionysusPublisher<T> publisher(Class<T> modelClass, Outbox outbox) {
        return registration(modelClass).publisherFactory().apply(outbox);
    }
}
