package dev.normalizer.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL keeps its data in its directory across a restart. */
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
}
