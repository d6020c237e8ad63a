package dev.normalizer.common;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Database failures that are no fault of the request and pass, so the client is told to try again
 * ({@code Retry-After}). Told apart by SQLSTATE or exception type anywhere in the cause chain, never by message
 * text, which differs between versions and may carry values.
 */
public enum DatabaseFault {

    /**
     * The row is held by another transaction: our {@code lock_timeout} expired (55P03), or PostgreSQL rolled us back
     * for a deadlock (40P01) or a serialization failure (40001). A conflict with a concurrent change of the same
     * record, which the same request, sent again, will usually not meet: 409 rather than 503, since the service
     * itself is fine.
     */
    CONFLICT(409, "Conflict", "The record is being changed by another request; try again shortly", 2),

    /**
     * The database cannot serve us now: no connection (class 08, a pool with none to spare in time), shutting down
     * or starting up (57P01, 57P02, 57P03), out of a resource (class 53), or a statement cancelled by our
     * {@code statement_timeout} (57014).
     */
    UNAVAILABLE(503, "Service Unavailable", "The database is unavailable or overloaded; try again shortly", 5);

    private static final Set<String> CONFLICT_STATES = Set.of("55P03", "40001", "40P01");
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "57014");

    private final int status;
    private final String title;
    private final String detail;
    private final int retryAfterSeconds;

    DatabaseFault(int status, String title, String detail, int retryAfterSeconds) {
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The fault somewhere in the cause chain of {@code failure}, if it is one. */
    public static Optional<DatabaseFault> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof JDBCConnectionException) {
                return Optional.of(UNAVAILABLE);
            }
            if (cause instanceof SQLException sql) {
                Optional<DatabaseFault> fault = bySqlState(sql.getSQLState());
                if (fault.isEmpty() && sql.getNextException() != null) {
                    fault = of(sql.getNextException());
                }
                if (fault.isPresent()) {
                    return fault;
                }
            }
        }
        return Optional.empty();
    }

    static Optional<DatabaseFault> bySqlState(String state) {
        if (state == null) {
            return Optional.empty();
        }
        if (CONFLICT_STATES.contains(state)) {
            return Optional.of(CONFLICT);
        }
        if (UNAVAILABLE_STATES.contains(state) || state.startsWith("08") || state.startsWith("53")) {
            return Optional.of(UNAVAILABLE);
        }
        return Optional.empty();
    }

    public int status() {
        return status;
    }

    public Problem problem() {
        return Problem.of(status, title, detail);
    }

    public Response response() {
        return Response.status(status).type(Problem.MEDIA_TYPE).header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .entity(problem()).build();
    }
}
