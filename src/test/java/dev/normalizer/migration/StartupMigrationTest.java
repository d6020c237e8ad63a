package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.testsupport.ScratchDatabaseResource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.Test;

/**
 * The migration at start, which replaced Quarkus' own, still ends with Hibernate's validation of the schema it maps
 * (which Quarkus did at boot): a schema that lost a mapped column stops the start.
 */
@QuarkusTest
@WithTestResource(ScratchDatabaseResource.class)
class StartupMigrationTest {

    @Inject
    StartupMigration startup;

    @Inject
    Flyway flyway;

    @Inject
    SessionFactory sessions;

    /** The service's, with the migration at start on. */
    @Inject
    MigrationConfig config;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aSchemaThatDoesNotMatchTheEntitiesStopsTheMigrationAtStart() throws SQLException {
        startup.migrate(new StartupEvent(), flyway, sessions, config);
        asOwner("ALTER TABLE customer_profiles RENAME COLUMN city TO city_elsewhere");
        try {
            SchemaManagementException refused = assertThrows(SchemaManagementException.class,
                    () -> startup.migrate(new StartupEvent(), flyway, sessions, config));
            assertTrue(refused.getMessage().contains("[city]"), refused.getMessage());
        } finally {
            asOwner("ALTER TABLE customer_profiles RENAME COLUMN city_elsewhere TO city");
        }
    }

    private void asOwner(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, EmbeddedDatabase.OWNER, EmbeddedDatabase.OWNER);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
