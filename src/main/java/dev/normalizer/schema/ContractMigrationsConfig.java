package dev.normalizer.schema;

import io.smallrye.config.ConfigMapping;

/**
 * The operator's consent to the contract step ({@code NORMALIZER_CONTRACT_MIGRATIONS_ENABLED}), read by
 * {@link ContractMigrations}; a mapping of its own, so that the gate can move without the command line's settings.
 */
@ConfigMapping(prefix = "normalizer.contract-migrations")
public interface ContractMigrationsConfig {

    /** Whether Flyway may apply {@code db/contract} (V1000 and up), which removes legacy columns. */
    boolean enabled();
}
