package dev.normalizer.shadow;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.common.Failures;
import dev.normalizer.common.ManagedExecutors;
import dev.normalizer.readpath.RequestReadPath;
import dev.normalizer.tenancy.TenantLabels;
import dev.normalizer.tenancy.TenantScope;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Shadow reads, in the spirit of GitHub's Scientist: while the flag's variant is {@code shadow}, a read serves the
 * legacy answer and hands this class that answer and a way to read the normalized one. Off the request path, a
 * sample of them is read again on the normalized path, in a transaction of its own scoped to the same tenant, and
 * the two answers are compared field by field ({@link JsonDiff}).
 *
 * <p>Never in the request's way: comparisons run on a {@link ManagedExecutor} over Quarkus' worker pool
 * ({@link ManagedExecutors}), at most {@code shadow.threads} at once; one waits in its bounded queue
 * ({@code shadow.queue-capacity}) and is dropped (and counted) when the queue is full, when it waited longer than
 * the time limit, or when its read took longer than that. Metrics:
 * {@code normalizer_shadow_comparisons_total{entity,tenant,outcome}},
 * {@code normalizer_shadow_mismatches_total{entity,tenant,field}} and
 * {@code normalizer_shadow_dropped_total{entity,tenant,reason}}. A mismatch is logged with the record ids and field
 * names, never the values. The normalized read is a little later than the legacy one, so a write in between shows up
 * as a mismatch; it is rare and it is counted like any other.
 */
@ApplicationScoped
public class ShadowReads {

    public static final String COMPARISONS = "normalizer.shadow.comparisons";
    public static final String MISMATCHES = "normalizer.shadow.mismatches";
    public static final String DROPPED = "normalizer.shadow.dropped";
    /** At most this many record:field pairs per logged mismatch; a page can differ in many. */
    private static final int LOGGED_FIELDS = 50;
    private static final Logger LOG = Logger.getLogger(ShadowReads.class);

    private final RequestReadPath readPath;
    private final TenantScope tenantScope;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final TenantLabels tenantLabels;
    private final double sampleRate;
    private final Duration timeLimit;
    private final ManagedExecutor executor;

    public ShadowReads(RequestReadPath readPath, TenantScope tenantScope, ObjectMapper json, MeterRegistry registry,
            TenantLabels tenantLabels, ShadowConfig config) {
        this.readPath = readPath;
        this.tenantScope = tenantScope;
        this.json = json;
        this.registry = registry;
        this.tenantLabels = tenantLabels;
        this.sampleRate = config.sampleRate();
        this.timeLimit = config.timeLimit();
        this.executor = ManagedExecutors.bounded(config.threads(), config.queueCapacity());
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /**
     * When the request is shadowed (and sampled), queues a comparison of {@code served} with what
     * {@code normalized} reads; otherwise does nothing. {@code entity} names the kind of record, for the metrics.
     */
    public void compare(String entity, int tenantId, Object served, Supplier<?> normalized) {
        if (readPath.shadowed() && (sampleRate >= 1 || ThreadLocalRandom.current().nextDouble() < sampleRate)) {
            submit(entity, tenantId, served, normalized);
        }
    }

    /** Queues the comparison, or counts it dropped when the queue is full. */
    void submit(String entity, int tenantId, Object served, Supplier<?> normalized) {
        long queuedAt = System.nanoTime();
        try {
            executor.execute(() -> run(entity, tenantId, served, normalized, queuedAt));
        } catch (RejectedExecutionException full) {
            dropped(entity, tenantId, "queue-full");
        }
    }

    private void run(String entity, int tenantId, Object served, Supplier<?> normalized, long queuedAt) {
        Duration left = timeLimit.minusNanos(System.nanoTime() - queuedAt);
        if (left.toMillis() < 1) {
            dropped(entity, tenantId, "expired");
            return;
        }
        Object shadow;
        try {
            shadow = QuarkusTransaction.requiringNew().timeout(wholeSecondsAtLeast(left)).call(() -> {
                tenantScope.scope(tenantId, left);
                return normalized.get();
            });
        } catch (RuntimeException e) {
            boolean timedOut = TenantScope.isTimeout(e);
            dropped(entity, tenantId, timedOut ? "timeout" : "failed");
            if (!timedOut) {
                LOG.warnf("shadow read of a %s of tenant %d failed: %s", entity, tenantId, Failures.describe(e));
            }
            return;
        }
        List<JsonDiff.Difference> differences = JsonDiff.between(json.valueToTree(served), json.valueToTree(shadow));
        String tenant = tenantLabels.of(tenantId);
        registry.counter(COMPARISONS, "entity", entity, "tenant", tenant, "outcome",
                differences.isEmpty() ? "match" : "mismatch").increment();
        if (differences.isEmpty()) {
            return;
        }
        differences.stream().map(JsonDiff.Difference::field).distinct().forEach(field -> registry
                .counter(MISMATCHES, "entity", entity, "tenant", tenant, "field", field).increment());
        LOG.warnf("shadow read mismatch: %s of tenant %d, the normalized path differs in %s", entity, tenantId,
                differences.stream().map(d -> d.recordId() == null ? d.field() : d.recordId() + ":" + d.field())
                        .distinct().limit(LOGGED_FIELDS).collect(Collectors.joining(", ")));
    }

    /**
     * The transaction's timeout, which takes whole seconds, rounded up: rounded down, a limit of 2 s cut a read to 1 s
     * (the statements themselves are cut at the exact limit by {@link TenantScope}).
     */
    private static int wholeSecondsAtLeast(Duration left) {
        return (int) Math.max(1, (left.toMillis() + 999) / 1000);
    }

    private void dropped(String entity, int tenantId, String reason) {
        registry.counter(DROPPED, "entity", entity, "tenant", tenantLabels.of(tenantId), "reason", reason)
                .increment();
    }
}
