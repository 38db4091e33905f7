package io.dionysus.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fills this field of a {@link SyncedModel} from a differently named remote attribute, as the gem's
 * {@code add_attributes_mapping_for_model}. The name is the attribute as the consumer sees it, after the
 * {@code id}/timestamps/links renaming, e.g. {@code "full_name"} or {@code "synced_account_id"}.
 *
 * <pre>{@code
 * @SyncedAttribute("full_name") String displayName;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface SyncedAttribute {

    /** The remote attribute name. Required. */
    String value();
}
