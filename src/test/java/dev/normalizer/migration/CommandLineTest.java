package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.Application;
import dev.normalizer.testsupport.CommandLineResource;
import dev.normalizer.testsupport.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * The DBA's commands against a legacy database taken over in place, run as {@code Application} runs them (picocli
 * with the CDI factory), with the settings it gives a command, in one running application: a command's behaviour
 * does not depend on a fresh JVM, and booting one per command took minutes. {@link CommandLineLaunchTest} launches
 * one command as the jar does.
 */
@QuarkusTest
@TestProfile(CommandLineTest.CommandSettings.class)
@WithTestResource(CommandLineResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineTest {

    /** What {@code Application.main} sets before it runs a command, its quieter log included. */
    public static class CommandSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> settings = new HashMap<>(Application.COMMAND_SETTINGS);
            settings.put("quarkus.log.level", "WARN");
            return settings;
        }
    }

    /** What the DBA sees of one command: its exit code, and what it printed (standard output, then errors). */
    record Run(int exitCode, String output) {
    }

    @Inject
    CommandLine.IFactory factory;

    /** Runs one command as {@code Application.run} does, printing into a buffer instead of standard output. */
    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(Cli.class, factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out + err.toString());
    }

    private static List<String> snapshot() throws SQLException {
        return DatabaseSnapshot.of(CommandLineResource.DATABASE);
    }

    @Test
    @Order(1)
    void statusListsPendingMigrationsWithoutChangingAnything() throws SQLException {
        List<String> before = snapshot();
        Run result = run("status");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("V2: normalize patients — Pending"), result.output());
        assertTrue(result.output().contains("V1000: contract legacy customer columns — Above Target"));
        assertEquals(before, snapshot());
    }

    @Test
    @Order(2)
    void preflightIsReadOnlyAndReportsTheLegacyTraps() throws Exception {
        List<String> before = snapshot();
        Run result = run("preflight");
        assertEquals(0, result.exitCode(), result.output());
        String out = result.output();
        assertTrue(out.contains("patients (flat table, V2): 300"), out);
        assertTrue(out.contains("customers in users (V3): 122"), out);
        assertTrue(out.contains("legacy database without history: yes"), out);
        assertTrue(out.contains("orphan customers (no company; V4 moves them to the Default Company)\n    count: 14"),
                out);
        assertTrue(out.contains("first ids: [113/136]"), out);
        assertEquals(before, snapshot(), "preflight changed the database");
        try (Stream<Path> reports = Files.list(Path.of("target/cli-reports"))) {
            List<String> names = reports.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.endsWith("-preflight.json")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.endsWith("-preflight.txt")), names.toString());
        }
    }

    @Test
    @Order(3)
    void preflightFailsWhenAnOrderBelongsToStaff() throws SQLException {
        String order = "(SELECT min(id) FROM orders WHERE tenant_id = 1)";
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE moved_order AS SELECT id, user_id FROM orders WHERE id = " + order);
            s.execute("UPDATE orders SET user_id = (SELECT min(id) FROM users WHERE NOT is_customer AND tenant_id = 1) "
                    + "WHERE id = " + order);
            Run result = run("preflight");
            assertEquals(1, result.exitCode(), result.output());
            assertTrue(result.output().contains("[FAILED] orders whose customer is missing"), result.output());
            s.execute("UPDATE orders o SET user_id = m.user_id FROM moved_order m WHERE m.id = o.id");
            s.execute("DROP TABLE moved_order");
        }
    }

    @Test
    @Order(4)
    void backupRestoresToTheSameRows() throws Exception {
        List<String> original = snapshot();
        Run backup = run("backup");
        assertEquals(0, backup.exitCode(), backup.output());
        Path dir;
        try (Stream<Path> dirs = Files.list(Path.of("target/cli-backups"))) {
            dir = dirs.max(Path::compareTo).orElseThrow();
        }
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE); Statement s = c.createStatement()) {
            s.execute("DELETE FROM reservations WHERE id % 2 = 0");
            s.execute("UPDATE patients SET surname = 'Changed' WHERE id < 10");
            s.execute("INSERT INTO tenants (slug, name) VALUES ('t-new', 'New tenant')");
        }
        assertNotEquals(original, snapshot());
        Run restore = run("restore", dir.toString(), "--yes");
        assertEquals(0, restore.exitCode(), restore.output());
        assertEquals(original, snapshot(), "the restored tables differ from the backed-up ones");
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE); Statement s = c.createStatement()) {
            s.execute("INSERT INTO tenants (slug, name) VALUES ('t-after', 'After restore')");
        }
    }

    @Test
    @Order(5)
    void dryRunReportsWhatWouldChangeAndRollsItBack() throws SQLException {
        List<String> before = snapshot();
        Run result = run("migrate", "--dry-run");
        String out = result.output();
        assertEquals(0, result.exitCode(), out);
        assertTrue(out.contains("[ok]     would apply (rolled back)"), out);
        assertTrue(out.contains("patient_core=new -> 300"), out);
        assertTrue(out.contains("customers=new -> 122"), out);
        assertTrue(out.contains("V5 legacy read indexes (rehearsed inside the transaction, without CONCURRENTLY and "
                + "batch commits)"), out);
        assertTrue(out.contains("V10 patient surname search (rehearsed inside the transaction"), out);
        assertTrue(out.contains("V6 public ids (rehearsed inside the transaction)"), out);
        assertTrue(out.contains("[ok]     check "), out);
        assertEquals(before, snapshot(), "a dry run changed the database");
    }

    @Test
    @Order(6)
    void migrateTakesABackupAppliesAndVerifies() throws Exception {
        long backups;
        try (Stream<Path> dirs = Files.list(Path.of("target/cli-backups"))) {
            backups = dirs.count();
        }
        Run result = run("migrate", "--yes");
        String out = result.output();
        assertEquals(0, result.exitCode(), out);
        assertTrue(out.contains("now at version: " + MigrationDb.LAST_EXPAND_VERSION), out);
        assertTrue(!out.contains("[FAILED]"), out);
        try (Stream<Path> dirs = Files.list(Path.of("target/cli-backups"))) {
            assertEquals(backups + 1, dirs.count(), "migrate took a backup first");
        }
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE)) {
            assertEquals(MigrationDb.LAST_EXPAND_VERSION, Backups.schemaVersion(c));
        }
        Run verify = run("verify");
        assertEquals(0, verify.exitCode(), verify.output());
    }

    @Test
    @Order(7)
    void aFailedConcurrentIndexBuildIsRepairedAndRunAgain() throws SQLException {
        assertEquals(0, run("rollback", "--to", "4", "--yes").exitCode());
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders_user_idx (id int)"); // the name of an index V5 builds, taken
            Run failed = run("migrate", "--yes", "--skip-backup");
            assertEquals(1, failed.exitCode(), failed.output());
            assertTrue(failed.output().contains("migration failed: "), failed.output());
            s.execute("DROP TABLE orders_user_idx");
        }
        Run repair = run("repair");
        assertEquals(0, repair.exitCode(), repair.output());
        assertTrue(repair.output().contains("removed from history: [V5 legacy read indexes]"), repair.output());
        Run again = run("migrate", "--yes", "--skip-backup");
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("now at version: " + MigrationDb.LAST_EXPAND_VERSION),
                again.output());
        assertTrue(run("repair").output().contains("none: the history has no failed entry"));
    }

    @Test
    @Order(8)
    void rollbackRefusesWhatWouldBeLostThenGoesBackToTheLegacySchema()
            throws SQLException {
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE); Statement s = c.createStatement()) {
            s.execute("INSERT INTO addresses (company_id, line1, city, country) VALUES (1, '1 Quay', 'Cork', 'IE')");
            List<String> before = snapshot();
            Run refused = run("rollback", "--to", "1", "--yes");
            assertEquals(1, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("REFUSED"), refused.output());
            assertTrue(refused.output().contains("address"), refused.output());
            assertEquals(before, snapshot(), "a refused rollback changed the database");
            s.execute("DELETE FROM addresses");
        }
        Run result = run("rollback", "--to", "1", "--yes");
        assertEquals(0, result.exitCode(), result.output());
        String everyVersionDown = IntStream.iterate(Integer.parseInt(MigrationDb.LAST_EXPAND_VERSION),
                v -> v >= 2, v -> v - 1).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
        assertTrue(result.output().contains("versions undone: " + everyVersionDown), result.output());
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE)) {
            assertEquals("1", Backups.schemaVersion(c));
            assertTrue(Db.tableExists(c, "patients"));
        }
    }
}
