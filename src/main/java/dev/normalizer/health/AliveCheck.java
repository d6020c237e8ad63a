package dev.normalizer.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the process answers. It depends on nothing, the database least of all: a database outage must make
 * the service unready, not get it restarted. Asynchronous, so that it runs on the event loop: Quarkus runs a
 * synchronous check on the worker pool, where it queued behind every blocked API request under load (10 s and more
 * with 200 concurrent large pages, against the probe's 3 s timeout).
 */
@Liveness
@ApplicationScoped
public class AliveCheck implements AsyncHealthCheck {

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(HealthCheckResponse.up("alive"));
    }
}
