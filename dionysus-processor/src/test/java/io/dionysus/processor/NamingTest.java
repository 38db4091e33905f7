package io.dionysus.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are what ActiveSupport answers (reference/dionysus-rb.md §8, verified by running the gem). */
class NamingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "User, user",
        "BookingsFee, bookings_fee",
        "UserSettings, user_settings",
        "News, news",
        "HTTPRequest, http_request",
        "OAuth2Token, o_auth2_token",
        "IPv4Address, i_pv4_address",
        "Point3D, point3_d",
        "Admin::User, admin_user",
        "createdAt, created_at",
        "rentalsCount, rentals_count",
        "name, name",
        "htmlURL, html_url",
    })
    void underscoreMatchesActiveSupport(String camel, String expected) {
        assertEquals(expected, Naming.underscore(camel));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "getRentalsCount, rentalsCount",
        "isActive, active",
        "getURL, URL",
        "name, name",
        "island, island",
        "get, get",
    })
    void propertyNamesOfAccessors(String method, String expected) {
        assertEquals(expected, Naming.propertyName(method));
    }
}
