package io.dionysus.spring.boot;

import io.dionysus.hibernate.DionysusSettings;
import io.dionysus.runtime.outbox.Outbox;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * Hands the Hibernate capture its settings before the entity manager factory is built: the context's
 * {@link Outbox} and {@code dionysus.capture.enabled}. Works on Spring Boot 3 and 4 alike (Spring ORM's own factory
 * bean, not Boot's customizer types, which moved in 4.0).
 */
final class JpaCaptureConfigurer implements BeanPostProcessor {

    private final ObjectProvider<Outbox> outbox;
    private final boolean enabled;

    JpaCaptureConfigurer(ObjectProvider<Outbox> outbox, boolean enabled) {
        this.outbox = outbox;
        this.enabled = enabled;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof LocalContainerEntityManagerFactoryBean factory) {
            factory.getJpaPropertyMap().put(DionysusSettings.CAPTURE_ENABLED, enabled);
            factory.getJpaPropertyMap().put(DionysusSettings.OUTBOX, outbox.getObject());
        }
        return bean;
    }
}
