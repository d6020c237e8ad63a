package dev.normalizer.health;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Startup: up once the application has started, which Quarkus does only after the migration at start has
 * finished (a failed migration stops the start). Reports the schema version the service started on.
 */
@Startup
@ApplicationScoped
public class MigrationsStartupCheck implements HealthCheck {

    private final Flyway flyway;
    private volatile String schemaVersion;

    public MigrationsStartupCheck(Flyway flyway) {
        this.flyway = flyway;
    }

    void started(@Observes StartupEvent event) {
        MigrationInfo current = flyway.info().current();
        schemaVersion = current == null ? "none" : current.getVersion().getVersion();
    }

    @Override
    public HealthCheckResponse call() {
        if (schemaVersion == null) {
            return HealthCheckResponse.named("startup-migration").down().withData("state", "starting").build();
        }
        return HealthCheckResponse.named("startup-migration").up().withData("schemaVersion", schemaVersion).build();
    }
}
