package io.dionysus.runtime.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are what ActiveSupport answers (reference/dionysus-rb.md §8). */
class InflectorTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "bookings_fees, bookings_fee",
        "bookings, booking",
        "taxes, tax",
        "criteria, criterium",
        "people, person",
        "children, child",
        "statuses, status",
        "addresses, address",
        "analyses, analysis",
        "series, series",
        "news, news",
        "rental_fish, rental_fish",
        "movies, movie",
        "knives, knife",
        "wolves, wolf",
        "matrices, matrix",
        "quizzes, quiz",
        "databases, database",
        "mice, mouse",
        "oxen, ox",
        "octopi, octopus",
        "buses, bus",
        "shoes, shoe",
        "axes, axis",
        "categories, category",
        "account, account",
        "salespeople, salesperson",
    })
    void singularizeMatchesActiveSupport(String plural, String expected) {
        assertEquals(expected, Inflector.singularize(plural));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "bookings_fee, bookings_fees",
        "booking, bookings",
        "tax, taxes",
        "person, people",
        "child, children",
        "status, statuses",
        "category, categories",
        "knife, knives",
        "half, halves",
        "matrix, matrices",
        "index, indices",
        "quiz, quizzes",
        "mouse, mice",
        "ox, oxen",
        "octopus, octopi",
        "bus, buses",
        "tomato, tomatoes",
        "analysis, analyses",
        "sheep, sheep",
        "equipment, equipment",
        "datum, data",
        "move, moves",
        "rental, rentals",
    })
    void pluralizeMatchesActiveSupport(String singular, String expected) {
        assertEquals(expected, Inflector.pluralize(singular));
    }

    /** Reference §8: the event prefix is ActiveModel::Name#singular, underscore with :: as _, not singularized. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Admin::User, admin_user",
        "Admin::BookingsFee, admin_bookings_fee",
        "Crm::V2::HTTPRequest, crm_v2_http_request",
        "UserSettings, user_settings",
        "News, news",
        "OAuth2Token, o_auth2_token",
        "IPv4Address, i_pv4_address",
        "Point3D, point3_d",
    })
    void underscoreIsTheGemsEventPrefix(String modelName, String expected) {
        assertEquals(expected, Inflector.underscore(modelName));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "User, true",
        "Admin::User, true",
        "Crm::V2::Guest_Note, true",
        "admin_user, false",
        "Admin:User, false",
        "Admin::, false",
        "::User, false",
        "Admin/User, false",
        "'', false",
        "Admin::user, false",
    })
    void modelNamesAreRubyConstantPaths(String name, boolean expected) {
        assertEquals(expected, Inflector.isModelName(name));
    }
}
