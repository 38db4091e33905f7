package io.dionysus.example.spring.producer;

import io.dionysus.example.producer.User;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.domain.EntityScan;

/**
 * The seed's producer service on Spring Boot: the entities of example-producer, Spring Data repositories, and the
 * Dionysus starter, which captures every change and relays it. Not one bean is written by hand.
 */
@SpringBootApplication
@EntityScan(basePackageClasses = User.class)
public class SpringProducer {

    public static void main(String[] args) {
        SpringApplication.run(SpringProducer.class, args);
    }
}
