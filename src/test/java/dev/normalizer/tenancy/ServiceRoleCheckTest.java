package dev.normalizer.tenancy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.migration.MigrationDb;
import dev.normalizer.testsupport.TestDatabase;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A server refuses to start when its database role bypasses row-level security: a superuser, a BYPASSRLS role, the
 * owner of a tenant table, or a member of that owner. The service's own role passes; the command line is not checked.
 */
class ServiceRoleCheckTest {

    private static final Config SERVER = new SmallRyeConfigBuilder().build();
    private static String db;

    @BeforeAll
    static void migratedDatabaseWithRoles() throws SQLException {
        db = MigrationDb.legacyDatabase();
        MigrationDb.migrate(db, MigrationDb.LAST_EXPAND_VERSION);
        try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement()) {
            s.execute("""
                    DO $$
                    BEGIN
                      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rls_bypasser') THEN
                        CREATE ROLE rls_bypasser LOGIN BYPASSRLS;
                        CREATE ROLE table_owner LOGIN;
                        CREATE ROLE owner_member LOGIN IN ROLE table_owner;
                      END IF;
                    END $$;
                    CREATE TABLE invoices (id serial PRIMARY KEY, tenant_id integer);
                    ALTER TABLE invoices OWNER TO table_owner""");
        }
    }

    private static ServiceRoleCheck as(String role, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(TestDatabase.jdbcUrl(db));
        dataSource.setUser(role);
        dataSource.setPassword(password);
        return new ServiceRoleCheck(dataSource);
    }

    @Test
    void aSuperuserIsRefusedWithWhatToConfigure() {
        ConfigurationException refused = assertThrows(ConfigurationException.class,
                () -> as(EmbeddedDatabase.OWNER, EmbeddedDatabase.OWNER).check(null, SERVER));
        assertTrue(refused.getMessage().startsWith("The service's database role \"postgres\" is a superuser, so "
                + "row-level security would not keep tenants apart."), refused.getMessage());
        assertTrue(refused.getMessage().contains("QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD name a "
                + "role with NOSUPERUSER NOBYPASSRLS that owns no table, and QUARKUS_FLYWAY_USERNAME and "
                + "QUARKUS_FLYWAY_PASSWORD name the owner of the tables"), refused.getMessage());
    }

    @Test
    void aBypassingRoleTheOwnerOfOneTenantTableAndItsMembersAreRefused() throws SQLException {
        assertEquals(Optional.of("\"rls_bypasser\" has BYPASSRLS"), as("rls_bypasser", "").bypass());
        assertEquals(Optional.of("\"table_owner\" owns invoices"), as("table_owner", "").bypass());
        assertEquals(Optional.of("\"owner_member\" owns invoices"), as("owner_member", "").bypass(),
                "a member inherits the owner's exemption");
    }

    @Test
    void theServicesRoleStartsAndTheCommandLineIsNotChecked() {
        assertDoesNotThrow(() -> as(EmbeddedDatabase.APP_ROLE, EmbeddedDatabase.APP_PASSWORD).check(null, SERVER));
        Config commandLine = new SmallRyeConfigBuilder()
                .withDefaultValues(Map.of("quarkus.http.host-enabled", "false")).build();
        assertDoesNotThrow(() -> as(EmbeddedDatabase.OWNER, EmbeddedDatabase.OWNER).check(null, commandLine));
    }
}
