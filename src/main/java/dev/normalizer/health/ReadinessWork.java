package dev.normalizer.health;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The threads on which readiness checks wait for the database, apart from the worker pool. Quarkus runs a
 * synchronous check on that pool, where under load it queued behind every request waiting for a connection; and a
 * probe must be answered within its 3 s timeout, so each check answers DOWN once it has taken {@link #DEADLINE}. A
 * check that hangs keeps its thread, the next probe gets another, up to {@link #THREADS} at once.
 */
@ApplicationScoped
public class ReadinessWork {

    static final Duration DEADLINE = Duration.ofSeconds(2);
    static final int THREADS = 8;

    private final ExecutorService threads = new ThreadPoolExecutor(0, THREADS, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), work -> {
                Thread thread = new Thread(work, "readiness-check");
                thread.setDaemon(true);
                return thread;
            });

    /** {@code check}'s answer, or DOWN as {@code name} when it failed, took too long or found no thread free. */
    Uni<HealthCheckResponse> run(String name, Supplier<HealthCheckResponse> check) {
        return Uni.createFrom().item(check).runSubscriptionOn(threads)
                .ifNoItem().after(DEADLINE).recoverWithItem(() -> down(name, "no answer within "
                        + DEADLINE.toMillis() + " ms"))
                .onFailure(RejectedExecutionException.class).recoverWithItem(() -> down(name, THREADS
                        + " checks still waiting"))
                .onFailure().recoverWithItem(e -> down(name, failure(e)));
    }

    /**
     * What failed, for a check's {@code error}: the SQLState of the first SQL failure among the causes, else the kind
     * of failure. Never a message, which can name the server, and this endpoint asks for no credentials.
     */
    static String failure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return "SQLState " + sql.getSQLState();
            }
        }
        return e.getClass().getSimpleName();
    }

    private static HealthCheckResponse down(String name, String error) {
        return HealthCheckResponse.named(name).down().withData("error", error).build();
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
