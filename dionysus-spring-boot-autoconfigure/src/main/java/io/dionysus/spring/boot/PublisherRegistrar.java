package io.dionysus.spring.boot;

import io.dionysus.runtime.DionysusModels;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.spi.ModelRegistration;
import java.beans.Introspector;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;

/**
 * Declares every generated publisher of the registries on the class path as a bean of its own type (e.g.
 * {@code userDionysusPublisher} of type {@code UserDionysusPublisher}, injectable also as
 * {@code DionysusPublisher<User>}), made by its generated factory with the context's {@link Outbox}; no reflection.
 */
final class PublisherRegistrar implements BeanDefinitionRegistryPostProcessor, BeanFactoryAware,
        org.springframework.beans.factory.BeanClassLoaderAware {

    private ClassLoader classLoader = PublisherRegistrar.class.getClassLoader();
    private BeanFactory beanFactory;

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        // the application's class loader (devtools' restart loader included), where its generated registries are
        this.classLoader = classLoader;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beanFactory = beanFactory;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        for (ModelRegistration<?> registration : DionysusModels.load(classLoader).all()) {
            register(registry, registration);
        }
    }

    private <T> void register(BeanDefinitionRegistry registry, ModelRegistration<T> registration) {
        String name = Introspector.decapitalize(registration.publisherClass().getSimpleName());
        if (registry.containsBeanDefinition(name) || registry instanceof org.springframework.beans.factory
                .ListableBeanFactory beans && beans.getBeanNamesForType(registration.publisherClass(), true, false)
                .length > 0) {
            return; // the application declared its own, under any name
        }
        RootBeanDefinition definition = new RootBeanDefinition(registration.publisherClass());
        definition.setTargetType(ResolvableType.forClass(registration.publisherClass()));
        definition.setInstanceSupplier(() -> registration.publisherFactory().apply(beanFactory.getBean(Outbox.class)));
        registry.registerBeanDefinition(name, definition);
    }

    @Override
    public void postProcessBeanFactory(org.springframework.beans.factory.config.ConfigurableListableBeanFactory factory)
            throws BeansException {
    }
}
