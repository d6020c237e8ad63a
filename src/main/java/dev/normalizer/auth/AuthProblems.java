package dev.normalizer.auth;

import static dev.normalizer.common.ProblemMappers.respond;

import dev.normalizer.common.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The 401 and 403 as problem+json. They say what was wrong with the caller's token or roles, which only the
 * {@link Caller} knows, so they live here rather than with the other mappers in {@code common.ProblemMappers}.
 */
public class AuthProblems {

    private final Caller caller;

    public AuthProblems(Caller caller) {
        this.caller = caller;
    }

    /** No valid bearer token where one is needed; the detail says what was wrong with the one sent, if any. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE,
                        caller.tokenPresented() ? "Bearer error=\"invalid_token\"" : "Bearer")
                .entity(Problem.of(401, "Unauthorized", caller.unauthenticatedReason())).build();
    }

    /** A valid token whose roles do not include one that this endpoint allows. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource) {
        RolesAllowed allowed = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        String detail = allowed == null ? "Your roles do not allow this request"
                : "This request needs one of the roles " + String.join(", ", allowed.value()) + "; the token has "
                        + (caller.roles().isEmpty() ? "none"
                                : String.join(", ", caller.roles().stream().sorted().toList()));
        return respond(Problem.of(403, "Forbidden", detail));
    }
}
