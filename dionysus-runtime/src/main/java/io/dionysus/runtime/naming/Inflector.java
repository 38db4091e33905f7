package io.dionysus.runtime.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ActiveSupport's English {@code pluralize}/{@code singularize} (activesupport/lib/active_support/inflections.rb),
 * rule for rule, odd results included ({@code criteria} → {@code criterium}), because relationship names on the
 * wire ({@code with} include names, {@code *_ids} links, the consumer's {@code synced_<singular>_ids}) come from it.
 * Public because both the processor (at compile time) and the consumer (for link names it receives) need it, and
 * applications mapping links by hand should agree with them.
 */
public final class Inflector {

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=[A-Z])(?=[A-Z][a-z])|(?<=[a-z\\d])(?=[A-Z])");
    private static final Pattern NEEDS_WORK = Pattern.compile("[A-Z-]|::");
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Z][A-Za-z0-9_]*(::[A-Z][A-Za-z0-9_]*)*");

    private static final List<Rule> PLURALS = new ArrayList<>();
    private static final List<Rule> SINGULARS = new ArrayList<>();
    private static final List<String> UNCOUNTABLES = new ArrayList<>(List.of(
            "equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "jeans", "police"));

    static {
        plural("$", "s");
        plural("s$", "s");
        plural("^(ax|test)is$", "$1es");
        plural("(octop|vir)us$", "$1i");
        plural("(octop|vir)i$", "$1i");
        plural("(alias|status)$", "$1es");
        plural("(bu)s$", "$1ses");
        plural("(buffal|tomat)o$", "$1oes");
        plural("([ti])um$", "$1a");
        plural("([ti])a$", "$1a");
        plural("sis$", "ses");
        plural("(?:([^f])fe|([lr])f)$", "$1$2ves");
        plural("(hive)$", "$1s");
        plural("([^aeiouy]|qu)y$", "$1ies");
        plural("(x|ch|ss|sh)$", "$1es");
        plural("(matr|vert|ind)(?:ix|ex)$", "$1ices");
        plural("^(m|l)ouse$", "$1ice");
        plural("^(m|l)ice$", "$1ice");
        plural("^(ox)$", "$1en");
        plural("^(oxen)$", "$1");
        plural("(quiz)$", "$1zes");

        singular("s$", "");
        singular("(ss)$", "$1");
        singular("(n)ews$", "$1ews");
        singular("([ti])a$", "$1um");
        singular("((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)(sis|ses)$", "$1sis");
        singular("(^analy)(sis|ses)$", "$1sis");
        singular("([^f])ves$", "$1fe");
        singular("(hive)s$", "$1");
        singular("(tive)s$", "$1");
        singular("([lr])ves$", "$1f");
        singular("([^aeiouy]|qu)ies$", "$1y");
        singular("(s)eries$", "$1eries");
        singular("(m)ovies$", "$1ovie");
        singular("(x|ch|ss|sh)es$", "$1");
        singular("^(m|l)ice$", "$1ouse");
        singular("(bus)(es)?$", "$1");
        singular("(o)es$", "$1");
        singular("(shoe)s$", "$1");
        singular("(cris|test)(is|es)$", "$1is");
        singular("^(a)x[ie]s$", "$1xis");
        singular("(octop|vir)(us|i)$", "$1us");
        singular("(alias|status)(es)?$", "$1");
        singular("^(ox)en", "$1");
        singular("(vert|ind)ices$", "$1ex");
        singular("(matr)ices$", "$1ix");
        singular("(quiz)zes$", "$1");
        singular("(database)s$", "$1");

        irregular("person", "people");
        irregular("man", "men");
        irregular("child", "children");
        irregular("sex", "sexes");
        irregular("move", "moves");
        irregular("zombie", "zombies");
    }

    private Inflector() {
    }

    /**
     * ActiveSupport's {@code underscore} (without acronyms), with {@code ::} and {@code /} as {@code _}, as
     * {@code ActiveModel::Name#singular} (the gem's event prefix) does: {@code BookingsFee} → {@code bookings_fee},
     * {@code HTTPRequest} → {@code http_request}, {@code OAuth2Token} → {@code o_auth2_token}, {@code Admin::User}
     * → {@code admin_user}, {@code createdAt} → {@code created_at}. Not singularized (reference §8).
     */
    public static String underscore(String camel) {
        if (!NEEDS_WORK.matcher(camel).find()) {
            return camel;
        }
        String word = camel.replace("::", "/");
        word = WORD_BOUNDARY.matcher(word).replaceAll("_");
        return word.replace('-', '_').toLowerCase(java.util.Locale.ROOT).replace('/', '_');
    }

    /**
     * Whether {@code name} can be a Ruby class's {@code model_name}: a constant path such as {@code User} or
     * {@code Admin::User} (ASCII; each segment a capital letter followed by letters, digits or {@code _}).
     */
    public static boolean isModelName(String name) {
        return MODEL_NAME.matcher(name).matches();
    }

    /** {@code booking} → {@code bookings}, {@code tax} → {@code taxes}, {@code person} → {@code people}. */
    public static String pluralize(String word) {
        return apply(word, PLURALS);
    }

    /** {@code bookings_fees} → {@code bookings_fee}, {@code taxes} → {@code tax}, {@code criteria} → {@code criterium}. */
    public static String singularize(String word) {
        return apply(word, SINGULARS);
    }

    private static String apply(String word, List<Rule> rules) {
        if (word.isEmpty() || uncountable(word)) {
            return word;
        }
        for (Rule rule : rules) {
            Matcher matcher = rule.pattern.matcher(word);
            if (matcher.find()) {
                StringBuilder out = new StringBuilder();
                matcher.appendReplacement(out, rule.replacement);
                matcher.appendTail(out);
                return out.toString();
            }
        }
        return word;
    }

    private static boolean uncountable(String word) {
        for (String uncountable : UNCOUNTABLES) {
            if (Pattern.compile("\\b" + uncountable + "\\z", Pattern.CASE_INSENSITIVE).matcher(word).find()) {
                return true;
            }
        }
        return false;
    }

    // ActiveSupport prepends each new rule, so the last one defined is tried first
    private static void plural(String regex, String replacement) {
        PLURALS.add(0, new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), replacement));
    }

    private static void singular(String regex, String replacement) {
        SINGULARS.add(0, new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), replacement));
    }

    private static void irregular(String singular, String plural) {
        UNCOUNTABLES.remove(singular);
        UNCOUNTABLES.remove(plural);
        String s0 = singular.substring(0, 1);
        String sRest = singular.substring(1);
        String p0 = plural.substring(0, 1);
        String pRest = plural.substring(1);
        // all six irregulars share their first letter, the only branch ActiveSupport takes for them
        plural("(" + s0 + ")" + sRest + "$", "$1" + pRest);
        plural("(" + p0 + ")" + pRest + "$", "$1" + pRest);
        singular("(" + s0 + ")" + sRest + "$", "$1" + sRest);
        singular("(" + p0 + ")" + pRest + "$", "$1" + sRest);
    }
}
