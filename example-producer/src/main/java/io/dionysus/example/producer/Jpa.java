package io.dionysus.example.producer;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The producer's JPA: the {@code producer} persistence unit over a data source, and a minimal transaction template
 * standing in for Spring's {@code TransactionTemplate} or {@code @Transactional}.
 */
public final class Jpa implements AutoCloseable {

    private final EntityManagerFactory entityManagerFactory;

    public Jpa(DataSource dataSource) {
        this.entityManagerFactory = Persistence.createEntityManagerFactory("producer",
                Map.of("jakarta.persistence.nonJtaDataSource", dataSource));
    }

    public EntityManagerFactory entityManagerFactory() {
        return entityManagerFactory;
    }

    /** Runs the work in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        EntityTransaction transaction = entityManager.getTransaction();
        try {
            transaction.begin();
            T result = work.apply(entityManager);
            transaction.commit();
            return result;
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            entityManager.close();
        }
    }

    @Override
    public void close() {
        entityManagerFactory.close();
    }
}
