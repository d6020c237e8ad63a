package dev.normalizer.tenancy;

import dev.normalizer.common.Failures;
import dev.normalizer.common.PeriodicJobs;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The {@code tenant} label of the service's metrics: a tenant's id when that tenant exists, else {@code other}. A
 * request names its tenant before anyone checks it ({@code X-Tenant-Id} needs no token on the customer self-service
 * endpoints, and a token may name a tenant that does not exist), so a label taken from it as is would let any client
 * create series without bound. The tenants are read as the owner at startup, then every {@link #REFRESH}; a tenant
 * created meanwhile counts as {@code other} until the next read.
 */
@ApplicationScoped
public class TenantLabels {

    public static final String OTHER = "other";
    static final Duration REFRESH = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(TenantLabels.class);

    private final OwnerConnections owner;
    private volatile Set<Integer> known = Set.of();

    public TenantLabels(OwnerConnections owner) {
        this.owner = owner;
    }

    /** The label of {@code tenantId}, which may be null (the request named none). */
    public String of(Integer tenantId) {
        return tenantId != null && known.contains(tenantId) ? tenantId.toString() : OTHER;
    }

    // Only a serving service labels requests; a command of the command line may run before the tenants exist.
    void start(@Observes StartupEvent event, Config config, Scheduler scheduler) {
        if (config.getOptionalValue("quarkus.http.host-enabled", Boolean.class).orElse(true)) {
            refresh();
            PeriodicJobs.schedule(scheduler, "tenant-labels", REFRESH, REFRESH, this::refresh);
        }
    }

    void refresh() {
        Set<Integer> ids = new HashSet<>();
        try (Connection c = owner.open(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT id FROM tenants")) {
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
            known = Set.copyOf(ids);
        } catch (SQLException e) {
            LOG.warnf("could not read the tenants for the metrics' labels (keeping the %d known): %s",
                    known.size(), Failures.describe(e));
        }
    }
}
