package dev.normalizer.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem document; never carries a class name, stack trace or SQL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One failed validation: the API field (or parameter) and what is wrong with it. */
    public record Violation(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null);
    }

    public static Problem invalid(String detail, List<Violation> violations) {
        return new Problem("/problems/validation", "Invalid request", 400, detail, List.copyOf(violations));
    }
}
