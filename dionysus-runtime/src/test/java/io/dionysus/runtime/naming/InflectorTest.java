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
}
