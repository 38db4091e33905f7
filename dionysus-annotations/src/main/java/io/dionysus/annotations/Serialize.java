package io.dionysus.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Publishes a field or a no-argument method as an attribute of the model's payload, as the gem's
 * {@code attributes :name, :id} in a {@code ModelSerializer}.
 *
 * <pre>{@code
 * @Serialize private String name;                      // "name": read through getName()
 * @Serialize("full_name") String fullName;              // "full_name": a package-private field, read directly
 * @Serialize public int rentalsCount() { ... }          // "rentals_count": a computed attribute
 * }</pre>
 *
 * <p>Attributes are written in declaration order (a superclass's first), followed by {@code "links"}. A field is
 * read directly when it is not private, else through its getter ({@code getX()}, {@code isX()} for booleans) or
 * record accessor; a private field without one is a compile error, as Dionysus never uses reflection.
 *
 * <p>Supported types: {@code String}, primitives and their boxes, {@code BigDecimal} (a JSON string such as
 * {@code "120.5"}), {@code BigInteger}, {@code Instant}/{@code OffsetDateTime}/{@code ZonedDateTime}/{@code
 * LocalDateTime} (ISO-8601 UTC with milliseconds), {@code LocalDate}, {@code UUID}, enums (their name),
 * {@code byte[]} (base64), {@code List}/{@code Set}/{@code Collection} of those and {@code Map<String, scalar>};
 * and free-form values, written as ActiveSupport writes a {@code jsonb} hash: {@code Object},
 * {@code Map<String, ?>}, {@code List<?>} and Jackson's {@code JsonNode}, holding maps, lists and the scalars
 * above (any other value inside is an error naming the attribute when the model is published).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Serialize {

    /**
     * The attribute's wire name, e.g. {@code @Serialize("full_name")}. Default {@code ""}: the snake_case form of
     * the Java name ({@code createdAt} becomes {@code created_at}; a getter {@code getRentalsCount()} becomes
     * {@code rentals_count}).
     */
    String value() default "";
}
