package io.dionysus.example.spring.producer;

import io.dionysus.example.producer.User;
import org.springframework.data.jpa.repository.JpaRepository;

/** Users; {@code save} and {@code delete} publish {@code user_created}, {@code user_updated}, {@code user_destroyed}. */
public interface UserRepository extends JpaRepository<User, Long> {
}
