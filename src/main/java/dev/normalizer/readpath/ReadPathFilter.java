package dev.normalizer.readpath;

import dev.normalizer.common.RequestTenant;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Chooses the read path for every /api request and names it in the {@code X-Read-Path} response header. */
public class ReadPathFilter {

    public static final String USER_HEADER = "X-User-Id";

    private final ReadPathResolver resolver;
    private final RequestReadPath current;

    public ReadPathFilter(ReadPathResolver resolver, RequestReadPath current) {
        this.resolver = resolver;
        this.current = current;
    }

    // Pre-matching, so that even a request no method accepts (404, 405, 415) names the path it would have used.
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public void choose(ContainerRequestContext request) {
        if (isApi(request)) {
            current.set(resolver.resolve(request.getHeaderString(RequestTenant.HEADER),
                    request.getHeaderString(USER_HEADER)));
        }
    }

    @ServerResponseFilter
    public void name(ContainerRequestContext request, ContainerResponseContext response) {
        if (isApi(request)) {
            response.getHeaders().putSingle(ReadPath.HEADER, current.get().headerValue());
        }
    }

    private static boolean isApi(ContainerRequestContext request) {
        return request.getUriInfo().getPath().startsWith("/api/");
    }
}
