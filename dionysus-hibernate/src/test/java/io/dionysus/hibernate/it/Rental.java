package io.dionysus.hibernate.it;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A child of {@link Account}, which it reaches through a lazy proxy. */
@Entity
@Table(name = "rentals")
@DionysusTopic(namespace = "dionysus_demo", name = "rentals")
public class Rental {
    @Id
    @GeneratedValue
    private Long id;
    private String name;
    @ManyToOne(fetch = FetchType.LAZY)
    private Account account;
    @Version
    private int version;

    protected Rental() {
    }

    public Rental(Account account, String name) {
        this.account = account;
        this.name = name;
    }

    @Serialize
    public Long getId() {
        return id;
    }

    @Serialize
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Serialize
    public Account getAccount() {
        return account;
    }

    public void setAccount(Account account) {
        this.account = account;
    }

    @Serialize
    public int getVersion() {
        return version;
    }

    /** The default partition key, {@code account_id}. */
    public Long getAccountId() {
        return account == null ? null : account.getId();
    }
}
