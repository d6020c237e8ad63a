package dev.normalizer.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Where exceptions become problem+json responses. The 401 and 403 of authentication, which describe the caller's
 * token and roles, are mapped beside the caller, in {@code auth.AuthProblems}: {@code common} sits below {@code auth}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE)
                .entity(e.problem());
        if (e.retryAfterSeconds() > 0) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return response.build();
    }

    /**
     * Syntax errors are "Malformed JSON"; a value that does not bind names its field, saying what is wrong in words of
     * our own, never in the parser's.
     */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException binding && !binding.getPath().isEmpty()) {
            return respond(Problem.invalid("The request has 1 invalid field(s)",
                    List.of(new Problem.Violation(field(binding), bindingProblem(binding)))));
        }
        if (e instanceof MismatchedInputException) {
            return respond(Problem.of(400, "Malformed JSON", "The request body does not have the expected shape"));
        }
        return respond(Problem.of(400, "Malformed JSON", "The request body is not valid JSON"));
    }

    /** Replaces Quarkus' own mapper for this exception, which answers plain JSON. */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        return malformedJson(e);
    }

    private static String field(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() == null) {
                field.append('[').append(ref.getIndex()).append(']');
            } else {
                field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return field.toString();
    }

    private static String bindingProblem(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a field of this request (unknown, or set by the server)";
        }
        if (e instanceof JsonRules.InvalidValue) {
            return e.getOriginalMessage();
        }
        if (e.getCause() instanceof InputCoercionException coercion) {
            Class<?> type = coercion.getTargetType();
            long max = type == Short.TYPE || type == Short.class ? Short.MAX_VALUE
                    : type == Integer.TYPE || type == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
            return "is out of range: must be a whole number between " + (-max - 1) + " and " + max;
        }
        return "has the wrong type or format";
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(leafName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        return respond(Problem.invalid("The request has " + violations.size() + " invalid field(s)", violations));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return respond(Problem.of(status.getStatusCode(), status.getReasonPhrase(), describe(status.getStatusCode())));
    }

    /** Jackson's {@code convertValue} wraps a value that does not bind; it is the request's, like any other. */
    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        return e.getCause() instanceof JsonMappingException binding ? malformedJson(binding) : unexpected(e);
    }

    /**
     * Faults of the database that pass ({@link DatabaseFault}) are a 409 or 503 with Retry-After; anything else a
     * 500, logged without its messages ({@link Failures}), which can carry the request's values. A client that
     * closed its connection before the answer was all written (a timeout, a cancelled call, a load balancer giving
     * up) is no fault of the service: it is logged at DEBUG, naming the endpoint's method rather than the request's
     * path, which can hold a patient's or customer's id, and the answer has nobody to go to.
     */
    @ServerExceptionMapper
    public Response unexpected(Exception e, HttpServerRequest request, SimpleResourceInfo endpoint) {
        if (e instanceof IOException && request.response().closed()) {
            LOG.debugf("The client closed the connection before the answer to %s %s was written: %s",
                    request.method(), endpoint == null ? "(no endpoint)"
                            : endpoint.getResourceClass().getSimpleName() + "." + endpoint.getMethodName(),
                    Failures.describe(e));
            return Response.status(499).build();
        }
        return unexpected(e);
    }

    private static Response unexpected(Exception e) {
        Optional<DatabaseFault> fault = DatabaseFault.of(e);
        if (fault.isPresent()) {
            return databaseFault(fault.get(), e);
        }
        LOG.error("Unexpected failure", Failures.withoutMessages(e));
        return respond(Problem.of(500, "Internal Server Error", "The request could not be completed"));
    }

    /** Logs the kind of failure only: a database message can quote the values of the row. */
    private static Response databaseFault(DatabaseFault fault, Exception e) {
        LOG.warnf("Database fault answered %d: %s", fault.status(), Failures.describe(e));
        return fault.response();
    }

    private static String describe(int status) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed here";
            case 406 -> "This media type cannot be produced";
            case 413 -> "The request body is larger than 1 MiB";
            case 415 -> "This content type is not supported here";
            default -> "The request could not be processed";
        };
    }

    private static String leafName(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
