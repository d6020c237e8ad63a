package dev.normalizer.common;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses an /api request, naming the parameter, when a query parameter holds a NUL character ({@code %00}), which
 * PostgreSQL can neither store nor compare (it was a 500), or when its path carries matrix parameters
 * ({@code /api/patients/2;x=1}), which JAX-RS strips, so that the path named patient 2. JSON bodies are checked by
 * {@link JsonBodies}; a header with a NUL never gets here, as the HTTP layer refuses it (an empty 400).
 */
public class ParameterChecks {

    private final RoutingContext routing;

    public ParameterChecks(RoutingContext routing) {
        this.routing = routing;
    }

    // Pre-matching, so that it holds for every endpoint; after the read path is chosen (ReadPathFilter), which the
    // answer names.
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION + 2)
    public void check(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return;
        }
        List<Problem.Violation> violations = new ArrayList<>();
        if (routing.request().path().indexOf(';') >= 0) {
            violations.add(new Problem.Violation("path", "must not carry matrix parameters (;)"));
        }
        request.getUriInfo().getQueryParameters().forEach((name, values) -> {
            if (values.stream().anyMatch(value -> value.indexOf('\u0000') >= 0)) {
                violations.add(new Problem.Violation(name, "must not contain the NUL character (%00)"));
            }
        });
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }
}
