package dev.normalizer.migration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The gate of the contract migrations ({@code db/contract}, versions 1000 and up), which remove legacy columns
 * and cannot be undone by turning a flag off. They ship with the service, but Flyway stops at the last expand
 * migration unless the operator sets {@code NORMALIZER_CONTRACT_MIGRATIONS_ENABLED=true}.
 */
@Singleton
public class ContractMigrations implements FlywayConfigurationCustomizer {

    /**
     * The newest expand migration in {@code db/migration}. Flyway 12 refuses a target that names no migration, so
     * this is the real last version; a test fails when a new expand migration arrives without raising it.
     */
    public static final String LAST_EXPAND_VERSION = "10";

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
            configuration.target(MigrationVersion.fromVersion(LAST_EXPAND_VERSION));
        }
    }
}
