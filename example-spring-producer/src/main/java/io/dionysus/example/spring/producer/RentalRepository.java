package io.dionysus.example.spring.producer;

import io.dionysus.example.producer.Rental;
import org.springframework.data.jpa.repository.JpaRepository;

/** Rentals. */
public interface RentalRepository extends JpaRepository<Rental, Long> {
}
