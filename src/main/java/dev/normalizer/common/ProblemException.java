package dev.normalizer.common;

import java.util.List;

/** Thrown anywhere in request handling to answer with a problem document. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final long retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, 0);
    }

    private ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A refusal that the same request may overcome after {@code retryAfterSeconds}, told in {@code Retry-After}. */
    public static ProblemException retryLater(Problem problem, long retryAfterSeconds) {
        return new ProblemException(problem, retryAfterSeconds);
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for {@code Retry-After}, or 0 when there is no point in sending the same request again. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(Problem.of(404, "Not Found", what + " " + id + " does not exist"));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "Bad Request", detail));
    }

    public static ProblemException invalid(List<Problem.Violation> violations) {
        return new ProblemException(Problem.invalid("The request has " + violations.size() + " invalid field(s)",
                violations));
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.Violation(field, message)));
    }
}
