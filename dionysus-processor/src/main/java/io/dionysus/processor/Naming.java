package io.dionysus.processor;

import io.dionysus.runtime.naming.Inflector;

/** Name transformations that must match ActiveSupport's, so Java and Ruby services agree on the wire. */
final class Naming {

    private Naming() {
    }

    /**
     * ActiveSupport's {@code underscore} (without acronyms), with {@code ::} and {@code /} as {@code _} as
     * {@code ActiveModel::Name#singular} does: {@code BookingsFee} → {@code bookings_fee}, {@code HTTPRequest} →
     * {@code http_request}, {@code OAuth2Token} → {@code o_auth2_token}, {@code createdAt} → {@code created_at}.
     */
    static String underscore(String camel) {
        return Inflector.underscore(camel);
    }

    /** The property name of an accessor: {@code getRentalsCount} → {@code rentalsCount}, {@code isActive} → {@code active}. */
    static String propertyName(String methodName) {
        for (String prefix : new String[] {"get", "is"}) {
            if (methodName.length() > prefix.length() && methodName.startsWith(prefix)
                    && Character.isUpperCase(methodName.charAt(prefix.length()))) {
                String rest = methodName.substring(prefix.length());
                if (rest.length() > 1 && Character.isUpperCase(rest.charAt(1))) {
                    return rest; // getURL -> URL, as java.beans.Introspector.decapitalize
                }
                return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
            }
        }
        return methodName;
    }

    /** {@code name} → {@code getName}. */
    static String getterName(String property, boolean isBoolean) {
        return (isBoolean ? "is" : "get") + Character.toUpperCase(property.charAt(0)) + property.substring(1);
    }

    /** A constant name for a wire name: {@code created_at} → {@code CREATED_AT}. */
    static String constantName(String wireName) {
        StringBuilder out = new StringBuilder();
        for (char c : wireName.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        if (out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, '_');
        }
        return out.toString();
    }
}
