package dev.normalizer.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL keeps its data in its directory across a restart, has the service's role, and a new one
 * gets the legacy sample, as the legacy application left it, once.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path temp;

    @Test
    void dataSurvivesARestart() throws Exception {
        Path dir = temp.resolve("postgres");
        try (EmbeddedPostgres first = EmbeddedDatabase.start(dir);
                Connection c = first.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
        }
        try (EmbeddedPostgres second = EmbeddedDatabase.start(dir);
                Connection c = second.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT v FROM kept")) {
            rows.next();
            assertEquals("still here", rows.getString(1));
        }
    }

    @Test
    void theServicesRoleIsCreatedOnceAndBypassesNothing() throws Exception {
        Path dir = temp.resolve("postgres");
        try (EmbeddedPostgres server = EmbeddedDatabase.start(dir)) {
            String url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
            EmbeddedDatabase.createAppRole(url);
            EmbeddedDatabase.createAppRole(url);
            try (Connection c = DriverManager.getConnection(url, EmbeddedDatabase.APP_ROLE,
                    EmbeddedDatabase.APP_PASSWORD);
                    Statement s = c.createStatement();
                    ResultSet role = s.executeQuery("SELECT current_user, rolsuper, rolbypassrls, rolcreaterole, "
                            + "rolcreatedb FROM pg_roles WHERE rolname = current_user")) {
                role.next();
                assertEquals("normalizer_app false false false false", role.getString(1) + " " + role.getBoolean(2)
                        + " " + role.getBoolean(3) + " " + role.getBoolean(4) + " " + role.getBoolean(5));
            }
        }
    }

    @Test
    void anEmptyDatabaseGetsTheLegacySampleOnceWithoutFlywayHistory() throws Exception {
        try (EmbeddedPostgres server = EmbeddedDatabase.start(temp.resolve("postgres"))) {
            String url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
            assertTrue(EmbeddedDatabase.loadSampleIntoEmptyDatabase(url));
            String loaded = "2 tenants, 300 patients, 150 users, 149 orders, 114 reservations, history: false";
            assertEquals(loaded, contents(url));
            assertFalse(EmbeddedDatabase.loadSampleIntoEmptyDatabase(url), "a database with tables is left alone");
            assertEquals(loaded, contents(url));
        }
    }

    @Test
    void aDatabaseWithATableOfItsOwnGetsNoSample() throws Exception {
        try (EmbeddedPostgres server = EmbeddedDatabase.start(temp.resolve("postgres"));
                Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE mine (v text)");
            String url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
            assertFalse(EmbeddedDatabase.loadSampleIntoEmptyDatabase(url));
            try (ResultSet tables = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
                tables.next();
                assertEquals(1, tables.getInt(1));
            }
        }
    }

    @Test
    void theSampleSettingIsTrueOrFalse() {
        assertTrue(EmbeddedDatabase.sampleWanted(null));
        assertTrue(EmbeddedDatabase.sampleWanted(" TRUE "));
        assertFalse(EmbeddedDatabase.sampleWanted("false"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedDatabase.sampleWanted("no"));
        assertEquals("EMBEDDED_POSTGRES_SAMPLE must be true or false, not 'no'", refused.getMessage());
    }

    private static String contents(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, EmbeddedDatabase.OWNER, EmbeddedDatabase.OWNER);
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT (SELECT count(*) FROM tenants) || ' tenants, ' "
                        + "|| (SELECT count(*) FROM patients) || ' patients, ' || (SELECT count(*) FROM users) "
                        + "|| ' users, ' || (SELECT count(*) FROM orders) || ' orders, ' "
                        + "|| (SELECT count(*) FROM reservations) || ' reservations, history: ' "
                        + "|| (to_regclass('flyway_schema_history') IS NOT NULL)")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
