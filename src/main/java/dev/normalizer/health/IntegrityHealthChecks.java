package dev.normalizer.health;

import dev.normalizer.integrity.CheckResult;
import dev.normalizer.integrity.IntegritySuite;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.health.registry.HealthRegistries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The health group {@code integrity}: one check per integrity check, named after it, answering from the suite's
 * latest background run (never running SQL itself). Before the first run has finished every check is down with
 * the state "not yet run".
 */
@ApplicationScoped
public class IntegrityHealthChecks {

    public static final String GROUP = "integrity";

    private final IntegritySuite suite;

    public IntegrityHealthChecks(IntegritySuite suite) {
        this.suite = suite;
    }

    /**
     * Registered from the suite's own list, so that a new check shows up here without another class. SmallRye
     * Health injects registries only for liveness, readiness, startup and wellness; a group's is this one.
     */
    void register(@Observes StartupEvent event) {
        HealthRegistry registry = HealthRegistries.getHealthGroupRegistry(GROUP);
        for (String name : IntegritySuite.checkNames()) {
            registry.register(name, () -> response(name, suite.latest(name), suite.latestRunAt()));
        }
    }

    static HealthCheckResponse response(String name, Optional<CheckResult> latest, Optional<Instant> runAt) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name);
        if (latest.isEmpty()) {
            return response.down().withData("state", "not yet run").build();
        }
        CheckResult result = latest.get();
        result.figures().forEach((figure, value) -> {
            if (value instanceof Number number) {
                response.withData(figure, number.longValue());
            } else if (value instanceof Boolean flag) {
                response.withData(figure, flag);
            } else {
                response.withData(figure, String.valueOf(value));
            }
        });
        if (!result.offendingIds().isEmpty()) {
            response.withData("offendingIds", String.join(", ", result.offendingIds()));
        }
        response.withData("durationMs", result.duration().toMillis());
        runAt.ifPresent(at -> response.withData("checkedAt", at.toString()));
        return response.status(result.up()).build();
    }
}
