package dev.normalizer.migration;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;

/**
 * Migrates the database when the service starts, under {@link FlywayLocking#migrate}'s lock, then has Hibernate
 * validate the schema it maps. Quarkus' own migration at start cannot be wrapped in a lock, so it is off, and
 * Hibernate's validation at boot with it, which would run before this. Before every other start-up observer, and
 * before the HTTP port opens (Quarkus opens it once they are done): a failure stops the start. The command line
 * turns it off ({@code normalizer.migrate-at-start}), because its commands must run on an unmigrated database.
 */
@ApplicationScoped
public class StartupMigration {

    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, Flyway flyway,
            SessionFactory sessions, MigrationConfig config) {
        if (config.migrateAtStart()) {
            FlywayLocking.migrate(flyway);
            sessions.getSchemaManager().validateMappedObjects();
        }
    }
}
