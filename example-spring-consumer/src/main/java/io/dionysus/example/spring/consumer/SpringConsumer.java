package io.dionysus.example.spring.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The seed's consumer service on Spring Boot: the synced models of example-consumer and the Dionysus starter, which
 * runs the consumer. Not one bean is written by hand.
 */
@SpringBootApplication
public class SpringConsumer {

    public static void main(String[] args) {
        SpringApplication.run(SpringConsumer.class, args);
    }
}
