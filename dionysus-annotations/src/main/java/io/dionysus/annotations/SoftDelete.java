package io.dionysus.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the soft-delete member of a published model, as the gem's {@code soft_delete_column}. Without this
 * annotation a model with a readable {@code canceledAt} member is soft-deletable already (the gem's default
 * {@code canceled_at}); use it to name another member or to publish updates of soft-deleted records.
 *
 * <p>With {@code publisher.updated(connection, model, changed)} the event follows the gem's table: the member set
 * → {@code _destroyed} (full snapshot), cleared → {@code _created}, changed from one time to another →
 * {@code _destroyed}, unchanged while visible → {@code _updated}, unchanged while soft-deleted → nothing (unless
 * {@link #publishUpdatesWhenDeleted()}), nothing changed → nothing.
 *
 * <pre>{@code
 * @SoftDelete(member = "deletedAt")
 * @DionysusTopic(namespace = "v3", name = "rentals")
 * public class Rental { ... Instant deletedAt; }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SoftDelete {

    /** The member holding the soft-delete time, by Java or wire name. Default {@code "canceledAt"}. */
    String member() default "canceledAt";

    /**
     * Publish {@code _updated} when a soft-deleted record changes, as the gem's
     * {@code dionysus_publish_updates_after_soft_delete?}. Default {@code false}.
     */
    boolean publishUpdatesWhenDeleted() default false;
}
