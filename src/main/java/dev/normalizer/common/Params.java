package dev.normalizer.common;

import java.util.List;

/** Parsing of path and query parameters, so that a bad one is a 400 problem and never a 404 or 500. */
public final class Params {

    private Params() {
    }

    /** A numeric record id from the path. */
    public static long id(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw ProblemException.invalid("id", "must be a positive whole number");
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
