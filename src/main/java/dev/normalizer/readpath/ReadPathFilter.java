package dev.normalizer.readpath;

import dev.normalizer.auth.Caller;
import dev.normalizer.schema.ContractMigrations;
import dev.normalizer.tenancy.TenantLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Chooses the read path for every /api request and names it in the {@code X-Read-Path} response header. After the
 * contract step the legacy customer shape no longer exists, so customer-side requests are always normalized. Counts
 * the requests per tenant and flag state ({@code normalizer_requests_total}), which the rollout page shows; a tenant
 * that does not exist, or none, counts as {@code other} ({@link TenantLabels}).
 */
public class ReadPathFilter {

    /** The endpoints served from the legacy customer columns, which the contract step removes. */
    /** API requests, by tenant and flag state. */
    public static final String REQUESTS = "normalizer.requests";

    private static final List<String> CUSTOMER_SIDE = List.of("/api/customers", "/api/orders", "/api/reservations",
            "/api/companies");

    private final ReadPathResolver resolver;
    private final RequestReadPath current;
    private final ContractMigrations contract;
    private final Caller caller;
    private final MeterRegistry registry;
    private final TenantLabels tenantLabels;
    /** The counters by tenant and state, so that a request does not build the meter's id again. */
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    public ReadPathFilter(ReadPathResolver resolver, RequestReadPath current, ContractMigrations contract,
            Caller caller, MeterRegistry registry, TenantLabels tenantLabels) {
        this.resolver = resolver;
        this.current = current;
        this.contract = contract;
        this.caller = caller;
        this.registry = registry;
        this.tenantLabels = tenantLabels;
    }

    // Pre-matching, so that even a request no method accepts (404, 405, 415) names the path it would have used;
    // right after the caller is known (CallerFilter), whose tenant and user the flag is evaluated for.
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION + 1)
    public void choose(ContainerRequestContext request) {
        if (!isApi(request)) {
            return;
        }
        String uri = request.getUriInfo().getPath();
        Integer tenant = caller.knownTenantId().orElse(null);
        FlagState state = contract.enabled() && CUSTOMER_SIDE.stream().anyMatch(uri::startsWith)
                ? FlagState.NORMALIZED
                : resolver.resolve(tenant, caller.subject().orElse(null));
        current.set(state);
        String tenantLabel = tenantLabels.of(tenant);
        requests.computeIfAbsent(tenantLabel + "/" + state.label(),
                key -> registry.counter(REQUESTS, "tenant", tenantLabel, "state", state.label())).increment();
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
