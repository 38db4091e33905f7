package io.dionysus.spring.boot;

import io.dionysus.hibernate.DionysusSettings;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * {@code dionysus.enabled=false} also turns off the Hibernate capture, which Hibernate would otherwise find on its
 * own (through its Integrator SPI) and run with its defaults.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "dionysus.enabled", havingValue = "false")
@ConditionalOnClass(name = {"io.dionysus.hibernate.DionysusIntegrator",
        "org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean"})
public class DionysusDisabledAutoConfiguration {

    @Bean
    static BeanPostProcessor dionysusCaptureOff() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
                if (bean instanceof LocalContainerEntityManagerFactoryBean factory) {
                    factory.getJpaPropertyMap().put(DionysusSettings.CAPTURE_ENABLED, false);
                }
                return bean;
            }
        };
    }
}
