package dev.normalizer.health;

import dev.normalizer.readpath.FlagSource;
import dev.normalizer.readpath.UnleashClientConfig;
import io.getunleash.Unleash;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports where the read-path flags in use came from (the Unleash server, the SDK's backup file or the bootstrap)
 * and which toggles the SDK knows. Always up: without the Unleash server the SDK serves its backup file or the
 * bootstrap, so the service can still answer. Asynchronous, as it waits for nothing: a synchronous check would wait for
 * a thread of the worker pool, behind the requests there.
 */
@Readiness
@ApplicationScoped
public class UnleashReadinessCheck implements AsyncHealthCheck {

    private final Unleash unleash;
    private final FlagSource flagSource;
    private final boolean urlConfigured;

    public UnleashReadinessCheck(Unleash unleash, FlagSource flagSource, UnleashClientConfig config) {
        this.unleash = unleash;
        this.flagSource = flagSource;
        this.urlConfigured = config.url().isPresent();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(HealthCheckResponse.named("unleash").up()
                .withData("urlConfigured", urlConfigured)
                .withData("flagSource", flagSource.current())
                .withData("toggles", String.join(", ", unleash.more().getFeatureToggleNames()))
                .build());
    }
}
