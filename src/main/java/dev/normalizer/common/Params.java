package dev.normalizer.common;

import java.util.List;

/** Parsing of path and query parameters, so that a bad one is a 400 problem and never a 404 or 500. */
public final class Params {

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
        return positive(name, raw, max, "must be a positive whole number");
    }

    static long positive(String name, String raw, long max, String violation) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0 && id <= max) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw ProblemException.invalid(name, violation);
    }

    static int intOrDefault(String name, String raw, int fallback, int min, int max,
            List<Problem.Violation> violations) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the violation below
        }
        violations.add(new Problem.Violation(name, max == Integer.MAX_VALUE
                ? "must be a whole number of " + min + " or more"
                : "must be a whole number between " + min + " and " + max));
        return fallback;
    }
}
