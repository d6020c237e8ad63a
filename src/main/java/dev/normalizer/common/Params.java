package dev.normalizer.common;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Parsing of path and query parameters, so that a bad one is a 400 problem and never a 404 or 500. A number is
 * taken only in its canonical form, ASCII digits without a sign (but a minus) or leading zeros: Java's own parsing
 * also read {@code +2}, {@code 02} and Arabic-Indic or full-width digits as 2, so that many spellings named one record.
 */
public final class Params {

    /** How a number must be written, for the messages. */
    static final String PLAIN = "in plain digits, without a sign or leading zeros";
    private static final Pattern CANONICAL = Pattern.compile("0|-?[1-9][0-9]{0,18}");

    private Params() {
    }

    /** A numeric id of an integer-keyed table (companies, clinics), from the parameter {@code name}. */
    public static int intId(String name, String raw) {
        return (int) positive(name, raw, Integer.MAX_VALUE);
    }

    /** A numeric id of a bigint-keyed table without public ids (data-subject requests). */
    public static long longId(String name, String raw) {
        return positive(name, raw, Long.MAX_VALUE);
    }

    private static long positive(String name, String raw, long max) {
        return positive(name, raw, max, "must be a positive whole number " + PLAIN);
    }

    static long positive(String name, String raw, long max, String violation) {
        Long id = canonical(raw);
        if (id != null && id > 0 && id <= max) {
            return id;
        }
        throw ProblemException.invalid(name, violation);
    }

    static int intOrDefault(String name, String raw, int fallback, int min, int max,
            List<Problem.Violation> violations) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        Long value = canonical(raw);
        if (value != null && value >= min && value <= max) {
            return value.intValue();
        }
        violations.add(new Problem.Violation(name, (max == Integer.MAX_VALUE
                ? "must be a whole number of " + min + " or more"
                : "must be a whole number between " + min + " and " + max) + ", " + PLAIN));
        return fallback;
    }

    /** The whole number {@code raw} spells canonically, or null. */
    public static Long canonical(String raw) {
        if (raw == null || !CANONICAL.matcher(raw).matches()) {
            return null;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return null; // 19 digits beyond Long.MAX_VALUE
        }
    }
}
