package dev.normalizer.audit;

import dev.normalizer.common.PeriodicJobs;
import dev.normalizer.tenancy.OwnerConnections;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies the retention policy of {@code audit_retention}: per chain, the events older than its {@code keep_for}
 * are removed by {@code audit_purge}, which records a checkpoint (how many, up to which row, its hash, when, by
 * whom) in {@code audit_checkpoints}, so that the chain stays verifiable. Runs right after startup, then every
 * {@code audit.retention.interval}, on Quarkus' scheduler ({@link PeriodicJobs}); 0 never.
 */
@ApplicationScoped
public class AuditRetention {

    static final String PURGED_BY = "retention job";
    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    private final OwnerConnections owner;
    private final Clock clock;
    private final Duration interval;

    public AuditRetention(OwnerConnections owner, Clock clock, AuditConfig config) {
        this.owner = owner;
        this.clock = clock;
        this.interval = config.retention().interval();
    }

    void start(@Observes StartupEvent event, Scheduler scheduler) {
        PeriodicJobs.schedule(scheduler, "audit-retention", Duration.ZERO, interval, this::purge);
    }

    /** Purges every chain as of the clock's now; returns the rows removed per chain (0 where none were due). */
    public Map<String, Long> purge() {
        Map<String, Long> removed = new LinkedHashMap<>();
        try (Connection c = owner.open(); PreparedStatement s = c.prepareStatement(
                "SELECT chain, audit_purge(chain, ? - keep_for, ?) FROM audit_retention ORDER BY chain")) {
            s.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            s.setString(2, PURGED_BY);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    removed.put(rows.getString(1), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit retention purge failed: " + e.getMessage(), e);
        }
        LOG.infof("Audit retention purge: removed %s", removed);
        return removed;
    }
}
