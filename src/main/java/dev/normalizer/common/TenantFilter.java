package dev.normalizer.common;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Reads the tenant from {@code X-Tenant-Id} on every /api request; a missing or malformed one is a 400. */
public class TenantFilter {

    private final RequestTenant tenant;

    public TenantFilter(RequestTenant tenant) {
        this.tenant = tenant;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response readTenant(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        String raw = request.getHeaderString(RequestTenant.HEADER);
        try {
            int id = Integer.parseInt(raw == null ? "" : raw.trim());
            if (id > 0) {
                tenant.set(id);
                return null;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        String detail = raw == null
                ? "The header " + RequestTenant.HEADER + " is required"
                : "The header " + RequestTenant.HEADER + " must be a positive whole number";
        return ProblemMappers.respond(Problem.invalid(detail,
                java.util.List.of(new Problem.Violation(RequestTenant.HEADER, detail))));
    }
}
