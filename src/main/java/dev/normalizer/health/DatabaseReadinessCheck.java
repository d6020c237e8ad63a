package dev.normalizer.health;

import dev.normalizer.tenancy.RequestTimeoutsConfig;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the service's pool lends its role working connections. A busy pool (every connection in use, or
 * requests waiting for one) serves at its capacity and is ready as long as it hands connections out; one that has
 * handed none out for longer than a statement may run has every connection held by work that does not finish, and
 * is not. Quarkus' datasource check, which this replaces, borrowed a connection like any request: under load it waited
 * behind every queued request and answered after the pool's acquisition timeout (5 s), beyond the probe's 3 s, and
 * Kubernetes would have taken every saturated replica out of its Service at once (docs/health.md).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "database";

    private final AgroalDataSource pool;
    private final PoolHandOuts handOuts;
    private final ReadinessWork work;
    private final Duration stuckAfter;

    public DatabaseReadinessCheck(AgroalDataSource pool, PoolHandOuts handOuts, ReadinessWork work,
            RequestTimeoutsConfig timeouts) {
        this.pool = pool;
        this.handOuts = handOuts;
        this.work = work;
        // Without a statement timeout, a statement may hold its connection for ever: then the pool's wait decides.
        this.stuckAfter = timeouts.statementTimeout().isZero()
                ? pool.getConfiguration().connectionPoolConfiguration().acquisitionTimeout()
                : timeouts.statementTimeout();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        AgroalDataSourceMetrics metrics = pool.getMetrics();
        int size = pool.getConfiguration().connectionPoolConfiguration().maxSize();
        long inUse = metrics.activeCount();
        long waiting = metrics.awaitingCount();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("poolSize", size).withData("inUse", inUse).withData("waiting", waiting);
        if (waiting == 0 && inUse < size) {
            return work.run(NAME, () -> validate(response));
        }
        Duration idle = handOuts.sinceLast();
        response.withData("busy", true);
        return Uni.createFrom().item(idle.compareTo(stuckAfter) < 0 ? response.up().build() : response.down()
                .withData("error", "none handed out for " + idle.toMillis() + " ms").build());
    }

    /**
     * The pool lends a connection and it answers; a broken one leaves the pool. The pool had one to spare and nobody
     * waited, so the borrowing waits behind nobody, unless requests took every connection in the meantime.
     */
    private HealthCheckResponse validate(HealthCheckResponseBuilder response) {
        try {
            return pool.isHealthy(false) ? response.up().build()
                    : response.down().withData("error", "connection failed validation").build();
        } catch (SQLException e) {
            return response.down().withData("error", ReadinessWork.failure(e)).build();
        }
    }
}
