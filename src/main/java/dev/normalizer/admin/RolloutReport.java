package dev.normalizer.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a release manager reads before the next step of the rollout: per tenant, the flag's state, the requests
 * served in each state, and how the shadow comparisons went. The counts are this replica's since it started
 * ({@code countingSince}); Prometheus sums them over the replicas.
 */
public record RolloutReport(String flag, Instant countingSince, List<Tenant> tenants) {

    /**
     * One tenant. {@code flag} is the flag's state evaluated for the tenant alone (no user), which a percentage
     * rollout by user splits: {@code requests} shows the split as served.
     */
    public record Tenant(int tenantId, String slug, String name, String flag, Map<String, Long> requests,
            Shadow shadow) {
    }

    /**
     * Shadow comparisons of the tenant: made, matched and not; the mismatch rate (mismatches ÷ comparisons, null
     * before the first); the differing fields, as {@code entity.field}, each with the number of comparisons it
     * differed in; and the comparisons dropped, by reason.
     */
    public record Shadow(long comparisons, long mismatches, @Schema(nullable = true) Double mismatchRate, Map<String, Long> mismatchesByField,
            Map<String, Long> dropped) {
    }
}
