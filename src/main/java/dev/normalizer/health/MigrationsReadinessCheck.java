package dev.normalizer.health;

import dev.normalizer.schema.ContractMigrations;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * Readiness: the database answers (a connection of its own, as the tables' owner, outside the pool) and no
 * migration this service knows is pending; on {@link ReadinessWork}'s threads. The contract migrations count only
 * once enabled: until then Flyway's target stops at the last expand version (see {@link ContractMigrations}), so they
 * are above the target rather than pending.
 */
@Readiness
@ApplicationScoped
public class MigrationsReadinessCheck implements AsyncHealthCheck {

    private static final String NAME = "migrations";

    private final Flyway flyway;
    private final ContractMigrations contract;
    private final ReadinessWork work;

    public MigrationsReadinessCheck(Flyway flyway, ContractMigrations contract, ReadinessWork work) {
        this.flyway = flyway;
        this.contract = contract;
        this.work = work;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return work.run(NAME, this::check);
    }

    private HealthCheckResponse check() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("contractMigrations", contract.enabled() ? "enabled" : "disabled");
        try {
            MigrationInfoService info = flyway.info();
            MigrationInfo current = info.current();
            MigrationInfo[] pending = info.pending();
            response.withData("current", current == null ? "none" : current.getVersion().getVersion())
                    .withData("pending", pending.length);
            if (pending.length > 0) {
                response.withData("pendingVersions", Arrays.stream(pending)
                        .map(m -> m.getVersion().getVersion()).collect(Collectors.joining(", ")));
            }
            return response.status(pending.length == 0).build();
        } catch (FlywayException e) {
            return response.down().withData("error", ReadinessWork.failure(e)).build();
        }
    }
}
