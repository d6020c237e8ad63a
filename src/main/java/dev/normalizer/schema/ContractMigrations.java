package dev.normalizer.schema;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The gate of the contract migrations ({@code db/contract}, versions 1000 and up), which remove legacy columns
 * and cannot be undone by turning a flag off. They ship with the service, but Flyway stops at the last expand
 * migration unless the operator sets {@code NORMALIZER_CONTRACT_MIGRATIONS_ENABLED=true}. The last expand version is
 * found among the migrations Flyway resolves ({@link Migrations}), not kept here: Flyway 12 refuses a target that
 * names no migration, and a new expand migration must need no edit elsewhere.
 */
@Singleton
public class ContractMigrations implements FlywayConfigurationCustomizer {

    private final boolean enabled;

    public ContractMigrations(ContractMigrationsConfig config) {
        this.enabled = config.enabled();
    }

    /** True once the operator has let the contract step run: the legacy customer columns are then gone. */
    public boolean enabled() {
        return enabled;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        if (!enabled) {
            configuration.target(MigrationVersion.fromVersion(Migrations.of(configuration).lastExpandVersion()));
        }
    }
}
