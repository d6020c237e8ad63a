package dev.normalizer.auth;

import dev.normalizer.common.Params;
import dev.normalizer.common.RequestIds;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Establishes the {@link Caller} of every /api request, before anything else looks at it. With authentication on
 * (the default) that is the bearer JWT: its {@code tenant_id}, subject and {@code groups}. A missing or invalid token
 * leaves the caller unauthenticated, which only the customer self-service endpoints ({@code @PermitAll}) accept;
 * they name their tenant with {@code X-Tenant-Id}. With authentication off, {@code X-Tenant-Id} and
 * {@code X-User-Id} say who calls, and the caller has every role. Quarkus Security gets the same identity, so that
 * {@code @Authenticated} and {@code @RolesAllowed} decide the rest.
 */
public class CallerFilter {

    public static final String TENANT_HEADER = "X-Tenant-Id";
    public static final String USER_HEADER = "X-User-Id";
    private static final String BEARER = "bearer ";

    private final Caller caller;
    private final BearerTokens tokens;
    private final CurrentIdentityAssociation identity;
    private final RoutingContext routing;
    private final boolean enabled;

    public CallerFilter(Caller caller, BearerTokens tokens, CurrentIdentityAssociation identity, RoutingContext routing,
            AuthConfig config) {
        this.caller = caller;
        this.tokens = tokens;
        this.identity = identity;
        this.routing = routing;
        this.enabled = config.enabled();
    }

    // Pre-matching, so that the read path of even an unmatched request is chosen for a known caller.
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public void identify(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return;
        }
        caller.requestId(RequestIds.of(routing));
        String tenantHeader = request.getHeaderString(TENANT_HEADER);
        if (!enabled) {
            tenantFromHeader(tenantHeader);
            String user = request.getHeaderString(USER_HEADER);
            caller.authenticated(user, Roles.ALL);
            identity.setIdentity(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(user == null ? "anonymous" : user))
                    .addRoles(Roles.ALL).build());
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            anonymous(tenantHeader, "A bearer token is required (Authorization: Bearer <JWT>)", false);
            return;
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            anonymous(tenantHeader, "Only bearer tokens are accepted (Authorization: Bearer <JWT>)", true);
            return;
        }
        BearerTokens.Verified verified;
        try {
            verified = tokens.verify(authorization.substring(BEARER.length()).trim());
        } catch (BearerTokens.InvalidToken e) {
            anonymous(tenantHeader, e.getMessage(), true);
            return;
        }
        if (tenantHeader == null) {
            caller.tenant(verified.tenantId(), BearerTokens.TENANT_CLAIM, null);
        } else {
            // Refused rather than ignored: a client that still names a tenant is mistaken about whose data it gets.
            caller.tenant(null, TENANT_HEADER, "The header " + TENANT_HEADER + " is not accepted with a bearer token: "
                    + "the tenant is the token's " + BearerTokens.TENANT_CLAIM + " claim");
        }
        caller.authenticated(verified.subject(), verified.roles());
        identity.setIdentity(QuarkusSecurityIdentity.builder().setPrincipal(verified.token())
                .addRoles(verified.roles()).build());
    }

    /**
     * No valid token: only a {@code @PermitAll} endpoint will serve this request, and its tenant is the one named by
     * {@code X-Tenant-Id}. Quarkus Security sees an anonymous identity, never looking for a token of its own.
     */
    private void anonymous(String tenantHeader, String reason, boolean tokenPresented) {
        tenantFromHeader(tenantHeader);
        caller.unauthenticated(reason, tokenPresented);
        identity.setIdentity(QuarkusSecurityIdentity.builder().setAnonymous(true).build());
    }

    private void tenantFromHeader(String raw) {
        if (raw == null) {
            caller.tenant(null, TENANT_HEADER, "The header " + TENANT_HEADER + " is required");
            return;
        }
        // Canonical, as ids are: "01" or "+1" is not tenant 1 (it would be another label, another cache key).
        Long tenant = Params.canonical(raw.trim());
        if (tenant != null && tenant > 0 && tenant <= Integer.MAX_VALUE) {
            caller.tenant(tenant.intValue(), TENANT_HEADER, null);
        } else {
            caller.tenant(null, TENANT_HEADER, "The header " + TENANT_HEADER
                    + " must be a positive whole number, in ASCII digits without a sign or leading zeros");
        }
    }
}
