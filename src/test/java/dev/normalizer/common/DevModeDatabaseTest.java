package dev.normalizer.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode's database: {@code quarkus:dev} is pointed at the embedded PostgreSQL of the data directory, as the run
 * command is, and shares the server that already serves it (as after a live reload); nothing else is.
 */
class DevModeDatabaseTest {

    private final LaunchMode before = LaunchMode.current();

    @TempDir
    Path temp;

    @AfterEach
    void restoreLaunchMode() {
        LaunchMode.set(before);
    }

    @Test
    void devModeConnectsAsTheServicesRoleToTheServerOfTheDataDirectory() throws Exception {
        Path dir = temp.resolve("postgres");
        try (EmbeddedPostgres server = EmbeddedDatabase.start(dir)) {
            LaunchMode.set(LaunchMode.DEVELOPMENT);
            SmallRyeConfig config = config(Map.of(EmbeddedDatabase.DATA_DIR_PROPERTY, dir.toString()));

            String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
            assertEquals("jdbc:postgresql://localhost:" + server.getPort() + "/postgres", url);
            assertEquals(EmbeddedDatabase.OWNER, config.getValue("quarkus.flyway.username", String.class));
            try (Connection c = DriverManager.getConnection(url,
                    config.getValue("quarkus.datasource.username", String.class),
                    config.getValue("quarkus.datasource.password", String.class));
                    Statement s = c.createStatement();
                    ResultSet user = s.executeQuery("SELECT current_user")) {
                user.next();
                assertEquals(EmbeddedDatabase.APP_ROLE, user.getString(1));
            }
        }
    }

    @Test
    void otherLaunchModesAConfiguredUrlOrTheTestsSwitchStartNothing() throws Exception {
        Path dir = temp.resolve("postgres");
        String dataDir = dir.toString();
        String external = "jdbc:postgresql://db.invalid:5432/clinic";

        LaunchMode.set(LaunchMode.NORMAL);
        assertEquals(Optional.empty(), url(config(Map.of(EmbeddedDatabase.DATA_DIR_PROPERTY, dataDir))));
        LaunchMode.set(LaunchMode.TEST);
        assertEquals(Optional.empty(), url(config(Map.of(EmbeddedDatabase.DATA_DIR_PROPERTY, dataDir))));
        LaunchMode.set(LaunchMode.DEVELOPMENT);
        assertEquals(Optional.of(external), url(config(Map.of(EmbeddedDatabase.DATA_DIR_PROPERTY, dataDir,
                "quarkus.datasource.jdbc.url", external))));
        assertEquals(Optional.empty(), url(config(Map.of(EmbeddedDatabase.DATA_DIR_PROPERTY, dataDir,
                "embedded-postgres.enabled", "false"))));
        assertFalse(Files.exists(dir), "no server was started in " + dir);
    }

    /** The configuration dev mode would build from these values and the factory. */
    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "given", 250))
                .withSources(new DevModeDatabase())
                .build();
    }

    private static Optional<String> url(SmallRyeConfig config) {
        return config.getOptionalValue("quarkus.datasource.jdbc.url", String.class);
    }
}
