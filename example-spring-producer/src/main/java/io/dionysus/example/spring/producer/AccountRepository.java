package io.dionysus.example.spring.producer;

import io.dionysus.example.producer.Account;
import org.springframework.data.jpa.repository.JpaRepository;

/** Accounts; a rental's change republishes its account. */
public interface AccountRepository extends JpaRepository<Account, Long> {
}
