package dev.normalizer.migration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Makes Flyway hold its PostgreSQL advisory lock per session instead of per transaction. With the transactional
 * lock, a migration that must run outside a transaction (CREATE INDEX CONCURRENTLY, see V5) waits forever for the
 * transaction that holds the lock. With the session lock, replicas that start at once still migrate one at a time:
 * the first applies, the others wait for the lock and then find the schema up to date.
 */
@Singleton
public class FlywayLocking implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        apply(configuration);
    }

    /** Also used where Flyway is configured by hand (tests), so that every migration runs under the same lock. */
    public static FluentConfiguration apply(FluentConfiguration configuration) {
        configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return configuration;
    }
}
