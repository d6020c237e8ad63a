package dev.normalizer.integrity;

import dev.normalizer.common.ManagedExecutors;
import dev.normalizer.tenancy.OwnerConnections;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * The integrity suite: read-only SQL checks of the normalized schema against its legacy shapes, shared by the
 * health group {@code integrity} (which reads the latest results cached here) and the command-line verify (which
 * runs them on its own connection).
 */
@ApplicationScoped
public class IntegritySuite {

    private static final Logger LOG = Logger.getLogger(IntegritySuite.class);

    private final OwnerConnections owner;
    private final int legacyViewSampleSize;
    private final IntegrityMetrics metrics;
    /** Where {@link #runAll()}'s checks run: {@code integrity.parallelism} at a time, over all runs together. */
    private final ManagedExecutor checkers;
    private volatile Map<String, CheckResult> latest = Map.of();
    private volatile Instant latestRunAt;

    public IntegritySuite(OwnerConnections owner, IntegrityConfig config, IntegrityMetrics metrics) {
        this.owner = owner;
        this.metrics = metrics;
        this.legacyViewSampleSize = config.legacyView().sampleSize();
        this.checkers = ManagedExecutors.bounded(config.parallelism(), ManagedExecutors.UNBOUNDED);
    }

    @PreDestroy
    void stop() {
        checkers.shutdownNow();
    }

    /** The names of the checks, in the order they run. */
    public static List<String> checkNames() {
        return IntegrityRunner.checks(1).stream().map(IntegrityCheck::name).toList();
    }

    /**
     * Runs every check as the owner of the schema, whom row-level security does not hide any tenant from,
     * {@code integrity.parallelism} at a time. A check that cannot get a connection is down with the cause.
     */
    public List<CheckResult> runAll() {
        return IntegrityRunner.concurrent(checkers, owner::open, legacyViewSampleSize);
    }

    /**
     * Runs every check as the service does, at most {@code parallelism} at a time, each on a connection of its own
     * from {@code dataSource}; for a benchmark or a command line outside the service.
     */
    public static List<CheckResult> runAll(DataSource dataSource, int legacyViewSampleSize, int parallelism) {
        ManagedExecutor workers = ManagedExecutors.bounded(parallelism, ManagedExecutors.UNBOUNDED);
        try {
            return IntegrityRunner.concurrent(workers, dataSource::getConnection, legacyViewSampleSize);
        } finally {
            workers.shutdownNow();
        }
    }

    /** Runs every check on the caller's connection, with the configured sample of the legacy view. */
    public List<CheckResult> runAll(Connection connection) {
        return runAll(connection, legacyViewSampleSize);
    }

    /**
     * Runs every check on the caller's connection, one after the other: each in a read-only snapshot of its own
     * when the connection is in autocommit mode, else inside the caller's transaction, behind a savepoint. A check
     * that fails with an SQL error is down with that error, and the others still run.
     */
    public static List<CheckResult> runAll(Connection connection, int legacyViewSampleSize) {
        return IntegrityRunner.sequential(connection, legacyViewSampleSize);
    }

    /** Runs the suite now and makes its results the ones the health checks report. */
    public synchronized List<CheckResult> refresh() {
        Instant start = Instant.now();
        List<CheckResult> results = runAll();
        latest = results.stream().collect(Collectors.toUnmodifiableMap(CheckResult::name, Function.identity()));
        latestRunAt = start;
        metrics.record(results);
        List<String> down = results.stream().filter(r -> !r.up())
                .map(r -> r.name() + " " + r.offendingIds() + " " + r.figures()).toList();
        if (down.isEmpty()) {
            LOG.debugf("Integrity suite passed in %d ms", Duration.between(start, Instant.now()).toMillis());
        } else {
            LOG.warnf("Integrity checks down: %s", down);
        }
        return results;
    }

    /** The result of the named check in the latest run; empty before the first run has finished. */
    public Optional<CheckResult> latest(String name) {
        return Optional.ofNullable(latest.get(name));
    }

    /** When the latest run started; empty before the first run has finished. */
    public Optional<Instant> latestRunAt() {
        return Optional.ofNullable(latestRunAt);
    }
}
