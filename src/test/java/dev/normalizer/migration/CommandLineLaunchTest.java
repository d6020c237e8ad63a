package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.Application;
import dev.normalizer.testsupport.CommandLineResource;
import dev.normalizer.testsupport.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A command launched as the jar launches it: {@code Application.main} (which chooses the command's settings
 * before Quarkus starts), a fresh application, picocli on standard output, the exit code. The one command test that
 * needs a start of its own; {@link CommandLineTest} runs every command inside one running application.
 */
@QuarkusMainTest
@WithTestResource(value = CommandLineResource.class,
        initArgs = @ResourceArg(name = "database", value = CommandLineLaunchTest.DATABASE))
class CommandLineLaunchTest {

    static final String DATABASE = "command_launch";

    /** Application.main sets system properties, which outlive the launch: put them back for the next test class. */
    private static final Map<String, String> SAVED = new HashMap<>();

    @BeforeAll
    static void createDatabaseAndSaveTheProperties() {
        CommandLineResource.ensureDatabase(DATABASE);
        for (String key : Application.COMMAND_SETTINGS.keySet()) {
            SAVED.put(key, System.getProperty(key));
        }
        SAVED.put("quarkus.log.level", System.getProperty("quarkus.log.level"));
    }

    @AfterAll
    static void restoreTheProperties() {
        SAVED.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    /**
     * The test's configuration turns neither the migration at start nor HTTP off (the service's defaults are on):
     * a status that leaves the legacy database as it was, without even Flyway's history table, shows that main
     * gave the command its settings before Quarkus started.
     */
    @Test
    void statusLaunchedAsTheJarLaunchesItReportsAndChangesNothing(QuarkusMainLauncher launcher) throws Exception {
        List<String> before = DatabaseSnapshot.of(DATABASE);
        LaunchResult result = launcher.launch("status");
        String out = result.getOutput();
        assertEquals(0, result.exitCode(), out + result.getErrorOutput());
        assertTrue(out.contains("status — OK"), out);
        assertTrue(out.contains("V2: normalize patients — Pending"), out);
        assertTrue(out.contains("report: "), out);
        assertEquals(before, DatabaseSnapshot.of(DATABASE), "status changed the database");
        try (Connection c = TestDatabase.connect(DATABASE)) {
            assertFalse(Db.tableExists(c, "flyway_schema_history"), "the command's start migrated the database");
        }
    }
}
