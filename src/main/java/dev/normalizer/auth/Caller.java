package dev.normalizer.auth;

import dev.normalizer.common.Problem;
import dev.normalizer.common.ProblemException;
import dev.normalizer.common.RequestTenant;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, for the current /api request: the tenant every query is scoped to, the user (the token's
 * subject), the roles, and the request id. Filled in once by {@link CallerFilter}; the one place later code asks.
 */
@RequestScoped
public class Caller implements RequestTenant {

    static final String ANONYMOUS = "anonymous";
    /** The longest subject the audit trail records (audit_events.actor). */
    static final int MAX_SUBJECT = 200;

    private String requestId;
    private Integer tenantId;
    private String missingTenant = "The request names no tenant";
    private String tenantField = CallerFilter.TENANT_HEADER;
    private String subject;
    private Set<String> roles = Set.of();
    private boolean authenticated;
    private String unauthenticatedReason = "A bearer token is required";
    private boolean tokenPresented;

    /**
     * The tenant every query of this request is scoped to; a 400 when the request names none, names it wrongly, or
     * names it with {@code X-Tenant-Id} next to a token.
     */
    @Override
    public int tenantId() {
        if (tenantId == null) {
            throw new ProblemException(Problem.invalid(missingTenant,
                    List.of(new Problem.Violation(tenantField, missingTenant))));
        }
        return tenantId;
    }

    /** The tenant if the request names a valid one, for the read-path flag's context. */
    public Optional<Integer> knownTenantId() {
        return Optional.ofNullable(tenantId);
    }

    /** Where the tenant comes from, as a field name for problems: {@code X-Tenant-Id} or {@code tenant_id}. */
    public String tenantField() {
        return tenantField;
    }

    /** The user: the token's subject, or {@code X-User-Id} when authentication is off. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /**
     * Who acts, for the audit trail and the request log: the subject, or {@code anonymous} when none is known. A
     * token's subject is at most {@value #MAX_SUBJECT} characters (longer ones are refused); a longer
     * {@code X-User-Id} (authentication off) is cut, since the trail must take every event.
     */
    public String actor() {
        if (subject == null || subject.isBlank()) {
            return ANONYMOUS;
        }
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT);
    }

    public Set<String> roles() {
        return roles;
    }

    /** Whether a verified token (or, with authentication off, the configuration) vouches for this caller. */
    public boolean authenticated() {
        return authenticated;
    }

    /** Why the caller is not authenticated: the detail of a 401. */
    public String unauthenticatedReason() {
        return unauthenticatedReason;
    }

    /** Whether a bearer token came with the request, verified or not. */
    public boolean tokenPresented() {
        return tokenPresented;
    }

    public String requestId() {
        return requestId;
    }

    void requestId(String requestId) {
        this.requestId = requestId;
    }

    void tenant(Integer tenantId, String field, String missingReason) {
        this.tenantId = tenantId;
        this.tenantField = field;
        this.missingTenant = missingReason;
    }

    void authenticated(String subject, Set<String> roles) {
        this.subject = subject;
        this.roles = Set.copyOf(roles);
        this.authenticated = true;
    }

    void unauthenticated(String reason, boolean tokenPresented) {
        this.unauthenticatedReason = reason;
        this.tokenPresented = tokenPresented;
    }
}
