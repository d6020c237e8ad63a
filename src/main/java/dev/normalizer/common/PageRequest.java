package dev.normalizer.common;

import java.util.ArrayList;
import java.util.List;

/** The contract's paging parameters ({@code ?page=0&size=50}, size 1..200), parsed and checked at the edge. */
public record PageRequest(int page, int size) {

    public static final int MAX_SIZE = 200;
    public static final int DEFAULT_SIZE = 50;

    /** Parses the raw query values; absent values take the defaults, anything else invalid is a 400. */
    public static PageRequest parse(String rawPage, String rawSize) {
        List<Problem.Violation> violations = new ArrayList<>();
        int page = Params.intOrDefault("page", rawPage, 0, 0, Integer.MAX_VALUE, violations);
        int size = Params.intOrDefault("size", rawSize, DEFAULT_SIZE, 1, MAX_SIZE, violations);
        if (violations.isEmpty() && (long) page * size > Integer.MAX_VALUE) {
            violations.add(new Problem.Violation("page", "is beyond the last possible page"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return new PageRequest(page, size);
    }

    public int offset() {
        return page * size;
    }
}
