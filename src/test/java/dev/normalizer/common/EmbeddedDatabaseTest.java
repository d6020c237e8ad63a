package dev.normalizer.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL keeps its data in its directory across a restart, and has the service's role. */
class EmbeddedDatabaseTest {

    @Test
    void dataSurvivesARestart() throws Exception {
        Path dir = Files.createTempDirectory("embedded-restart").resolve("postgres");
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
        Path dir = Files.createTempDirectory("embedded-role").resolve("postgres");
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
}
