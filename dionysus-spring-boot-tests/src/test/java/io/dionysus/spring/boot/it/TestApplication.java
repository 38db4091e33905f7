package io.dionysus.spring.boot.it;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application with the starter and not one Dionysus bean of its own. */
@SpringBootApplication
public class TestApplication {
}
