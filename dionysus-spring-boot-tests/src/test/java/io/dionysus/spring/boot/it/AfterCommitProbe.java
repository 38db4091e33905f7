package io.dionysus.spring.boot.it;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Calls a publisher from an after-commit listener, as an application might: the transaction has committed there,
 * so the call must fail, not write a row nobody commits.
 */
@Component
public class AfterCommitProbe {

    /** Published inside a transaction; heard after it committed. */
    public record Committed(User user) {
    }

    private final org.springframework.beans.factory.ObjectProvider<UserDionysusPublisher> users;
    private final AtomicReference<Throwable> outcome = new AtomicReference<>(new AssertionError("never called"));

    AfterCommitProbe(org.springframework.beans.factory.ObjectProvider<UserDionysusPublisher> users) {
        this.users = users;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void afterCommit(Committed event) {
        try {
            users.getObject().updated(event.user());
            outcome.set(null);
        } catch (RuntimeException e) {
            outcome.set(e);
        }
    }

    /** What the last after-commit call threw, or {@code null} when it returned. */
    public Throwable outcome() {
        return outcome.get();
    }
}
