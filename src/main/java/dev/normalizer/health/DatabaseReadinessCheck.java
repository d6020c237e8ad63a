package dev.normalizer.health;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the service's pool lends its role working connections. When every connection is in use or requests
 * wait for one, the pool is judged by whether it still hands them out: a busy pool serves at its capacity and is
 * ready, a pool whose connections are all held by work that does not finish is not. Quarkus' datasource check, which
 * this replaces, waited for a connection behind every queued request: under load it answered after the pool's
 * acquisition timeout (5 s), beyond the probe's 3 s, and Kubernetes would have taken every saturated replica out of its
 * Service at once (docs/health.md). The pool's figures are its metrics ({@code quarkus.datasource.metrics.enabled}).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    /** How long a busy pool may go without handing a connection out and still count as serving. */
    static final Duration PROGRESS_WINDOW = Duration.ofSeconds(1);
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final AgroalDataSource pool;

    public DatabaseReadinessCheck(AgroalDataSource pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        AgroalDataSourceMetrics metrics = pool.getMetrics();
        int size = pool.getConfiguration().connectionPoolConfiguration().maxSize();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database")
                .withData("poolSize", size)
                .withData("inUse", metrics.activeCount())
                .withData("waiting", metrics.awaitingCount());
        if (metrics.awaitingCount() == 0 && metrics.activeCount() < size) {
            return validate(response);
        }
        response.withData("busy", true);
        return handsOutWithin(metrics, PROGRESS_WINDOW) ? response.up().build() : response.down()
                .withData("error", "none handed out for " + PROGRESS_WINDOW.toMillis() + " ms").build();
    }

    /**
     * A connection of the pool answers. The pool had one to spare and nobody waited, so asking for it waits behind
     * nobody, unless requests took every connection in the meantime: then this probe waits as they do.
     */
    private HealthCheckResponse validate(HealthCheckResponseBuilder response) {
        try (Connection connection = pool.getConnection()) {
            return response.status(connection.isValid(VALIDATION_TIMEOUT_SECONDS)).build();
        } catch (SQLException e) {
            // The SQLState, not the message: that can name the server, and this endpoint asks for no credentials.
            return response.down().withData("error", "SQLState " + e.getSQLState()).build();
        }
    }

    private static boolean handsOutWithin(AgroalDataSourceMetrics metrics, Duration window) {
        long before = metrics.acquireCount();
        long deadline = System.nanoTime() + window.toNanos();
        try {
            while (metrics.acquireCount() == before) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                Thread.sleep(10);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
