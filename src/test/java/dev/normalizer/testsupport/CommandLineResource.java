package dev.normalizer.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * A fresh legacy database (schema and fixture, no Flyway history) for the command-line tests, with the settings
 * that {@code Application.main} gives a command: no HTTP, no migration at start, no schema validation. The two
 * roles are the service's, so that the commands show they work as the owner (Flyway's credentials).
 */
public class CommandLineResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "command_line";

    /** Creates the database once per run; every launch of a command reuses it. */
    public static void ensureDatabase() {
        TestDatabase.createLegacyDatabaseIfAbsent(DATABASE);
    }

    @Override
    public Map<String, String> start() {
        ensureDatabase();
        Map<String, String> config = new HashMap<>(TestDatabase.serviceConfig(DATABASE));
        config.putAll(Map.of(
                "normalizer.migrate-at-start", "false",
                "normalizer.reports-dir", "target/cli-reports",
                "normalizer.backups-dir", "target/cli-backups"));
        return config;
    }

    @Override
    public void stop() {
        // The database goes with the per-run server.
    }
}
