package dev.normalizer.common;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * The bounded executors of the service's queued background work (shadow comparisons, integrity checks, read audit
 * events): MicroProfile {@link ManagedExecutor}s, which in Quarkus are views of its worker pool, so that the work
 * runs on the pool's threads, at most {@code maxAsync} tasks at once and {@code maxQueued} waiting; one more is
 * rejected ({@link java.util.concurrent.RejectedExecutionException}) rather than waited for. Outside Quarkus (a
 * benchmark) the same call gets a small pool of its own.
 *
 * <p>A task takes no context from the thread that submits it: it often runs after the request that queued it has
 * ended, with its request scope and transaction, and each task sets up what it needs itself (its transaction and
 * tenant, or a connection of its own). Whoever builds one shuts it down when the application stops.
 */
public final class ManagedExecutors {

    /** No limit, for {@code maxQueued}. */
    public static final int UNBOUNDED = -1;

    private ManagedExecutors() {
    }

    public static ManagedExecutor bounded(int maxAsync, int maxQueued) {
        return ManagedExecutor.builder()
                .maxAsync(maxAsync)
                .maxQueued(maxQueued)
                .propagated(ThreadContext.NONE)
                .cleared(ThreadContext.ALL_REMAINING)
                .build();
    }
}
