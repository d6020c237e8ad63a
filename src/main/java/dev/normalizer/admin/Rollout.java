package dev.normalizer.admin;

import dev.normalizer.readpath.FlagState;
import dev.normalizer.readpath.ReadPathFilter;
import dev.normalizer.readpath.ReadPathResolver;
import dev.normalizer.shadow.ShadowReads;
import dev.normalizer.tenancy.OwnerConnections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds the rollout report from the tenants (read as the owner, since the page spans tenants; it shows no record,
 * only counts), the flag evaluated for each, and this replica's counters of requests and shadow comparisons.
 */
@ApplicationScoped
public class Rollout {

    private final OwnerConnections owner;
    private final ReadPathResolver resolver;
    private final MeterRegistry registry;
    private Instant countingSince;

    public Rollout(OwnerConnections owner, ReadPathResolver resolver, MeterRegistry registry) {
        this.owner = owner;
        this.resolver = resolver;
        this.registry = registry;
    }

    void started(@Observes StartupEvent event) {
        countingSince = Instant.now();
    }

    RolloutReport report() {
        List<RolloutReport.Tenant> tenants = new ArrayList<>();
        try (Connection c = owner.open(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT id, slug, name FROM tenants ORDER BY id")) {
            while (rows.next()) {
                tenants.add(tenant(rows.getInt(1), rows.getString(2), rows.getString(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the tenants", e);
        }
        return new RolloutReport(ReadPathResolver.FLAG, countingSince, tenants);
    }

    private RolloutReport.Tenant tenant(int id, String slug, String name) {
        String tenant = Integer.toString(id);
        Map<String, Long> requests = new TreeMap<>();
        for (FlagState state : FlagState.values()) {
            requests.put(state.label(), 0L);
        }
        requests.putAll(sum(ReadPathFilter.REQUESTS, tenant, c -> c.getId().getTag("state")));
        Map<String, Long> outcomes = sum(ShadowReads.COMPARISONS, tenant, c -> c.getId().getTag("outcome"));
        long mismatches = outcomes.getOrDefault("mismatch", 0L);
        long comparisons = outcomes.getOrDefault("match", 0L) + mismatches;
        RolloutReport.Shadow shadow = new RolloutReport.Shadow(comparisons, mismatches,
                comparisons == 0 ? null : (double) mismatches / comparisons,
                sum(ShadowReads.MISMATCHES, tenant, c -> c.getId().getTag("entity") + "." + c.getId().getTag("field")),
                sum(ShadowReads.DROPPED, tenant, c -> c.getId().getTag("reason")));
        return new RolloutReport.Tenant(id, slug, name, resolver.resolve(id, null).label(), requests, shadow);
    }

    /** The counts of one tenant's counters named {@code name}, summed by {@code key}. */
    private Map<String, Long> sum(String name, String tenant, Function<Counter, String> key) {
        Map<String, Long> sums = new TreeMap<>();
        for (Counter counter : registry.find(name).tag("tenant", tenant).counters()) {
            sums.merge(key.apply(counter), (long) counter.count(), Long::sum);
        }
        return sums;
    }
}
