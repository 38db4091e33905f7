package io.dionysus.hibernate.it;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** An aggregate: its rentals are sideloaded, so a rental's change republishes the account. */
@Entity
@Table(name = "accounts")
@DionysusTopic(namespace = "dionysus_demo", name = "accounts", partitionKey = "id", with = Rental.class)
public class Account {
    @Id
    private Long id;
    private String name;
    @OneToMany(mappedBy = "account", fetch = FetchType.LAZY)
    private List<Rental> rentals = new ArrayList<>();
    @ElementCollection
    private Set<String> labels = new TreeSet<>();

    protected Account() {
    }

    public Account(long id, String name) {
        this.id = id;
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
    public List<Rental> getRentals() {
        return rentals;
    }

    @Serialize
    public Set<String> getLabels() {
        return labels;
    }

    @Serialize
    public int rentalsCount() {
        return rentals.size();
    }
}
