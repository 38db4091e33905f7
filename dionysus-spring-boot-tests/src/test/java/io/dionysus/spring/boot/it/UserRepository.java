package io.dionysus.spring.boot.it;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data: its {@code save} and {@code delete} run in transactions the capture joins. */
public interface UserRepository extends JpaRepository<User, Long> {
}
