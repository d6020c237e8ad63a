package dev.normalizer.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * A legacy database (schema and fixture, no Flyway history) for the command-line tests, taken over in place, and
 * the directories the commands write their reports and backups to. The two roles are the service's, so that the
 * commands show they work as the owner (Flyway's credentials). The settings that {@code Application.main} gives a
 * command (no HTTP, no migration at start) are not here: the launch test shows that main gives them, and the
 * in-process tests take them from {@code Application.COMMAND_SETTINGS}. The init argument {@code database} names
 * another database than {@link #DATABASE}.
 */
public class CommandLineResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "command_line";

    private String database = DATABASE;

    /** Creates the database once per run; every later start of the application reuses it. */
    public static void ensureDatabase(String name) {
        TestDatabase.createLegacyDatabaseIfAbsent(name);
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", DATABASE);
    }

    @Override
    public Map<String, String> start() {
        ensureDatabase(database);
        Map<String, String> config = new HashMap<>(TestDatabase.serviceConfig(database));
        config.putAll(Map.of(
                "normalizer.reports-dir", "target/cli-reports",
                "normalizer.backups-dir", "target/cli-backups"));
        return config;
    }

    @Override
    public void stop() {
        // The database goes with the per-run server.
    }
}
