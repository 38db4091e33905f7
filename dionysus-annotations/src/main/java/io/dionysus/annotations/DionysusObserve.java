package io.dionysus.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Republishes the annotated model when some attributes of another model change, as the gem's
 * {@code observe: [{model:, attributes:, association_name:}]}: for computed attributes that depend on other
 * models. The observed model's publisher writes an {@code <model>_updated} row for every record of this model it
 * reaches through {@link #path()}, in the same transaction, when one of {@link #attributes()} is among the changed
 * attributes passed to {@code updated(connection, model, changed)}. Creates and destroys always match.
 *
 * <pre>{@code
 * @DionysusTopic(namespace = "v3", name = "accounts")
 * @DionysusObserve(model = Rental.class, attributes = "name", path = "account")   // rental.getAccount()
 * public class Account { ... @Serialize public String rentalNames() { ... } }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DionysusObserve.List.class)
public @interface DionysusObserve {

    /** The observed model, e.g. {@code Rental.class}. It needs an id; it needs no topic of its own. Required. */
    Class<?> model();

    /** The observed attributes, by Java or wire name, e.g. {@code {"name", "price"}}. Required. */
    String[] attributes();

    /**
     * How to reach records of the annotated model from an observed record: member names separated by dots, each a
     * getter, record accessor or non-private field, of a model type or a collection of one, e.g.
     * {@code "account"} or {@code "building.accounts"}. Required.
     */
    String path();

    /** Holds repeated {@link DionysusObserve} annotations; written by the compiler, not by hand. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        /** The repeated annotations. */
        DionysusObserve[] value();
    }
}
