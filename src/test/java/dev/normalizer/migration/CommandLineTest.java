package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.testsupport.CommandLineResource;
import dev.normalizer.testsupport.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The DBA's commands, launched as the jar launches them, against a legacy database taken over in place. */
@QuarkusMainTest
@WithTestResource(CommandLineResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineTest {

    @BeforeAll
    static void createDatabase() {
        CommandLineResource.ensureDatabase();
    }

    /** Every table's checksum, plus the list of tables: what "nothing changed" means. */
    private static List<String> snapshot() throws SQLException {
        List<String> sums = new ArrayList<>();
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE)) {
            for (String table : Db.tablesInDependencyOrder(c)) {
                sums.add(table + "=" + Backups.checksum(c, table));
            }
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                    "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'")) {
                rows.next();
                sums.add("columns=" + rows.getLong(1));
            }
        }
        return sums;
    }

    @Test
    @Order(1)
    void statusListsPendingMigrationsWithoutChangingAnything(QuarkusMainLauncher launcher) throws SQLException {
        List<String> before = snapshot();
        LaunchResult result = launcher.launch("status");
        assertEquals(0, result.exitCode(), result.getOutput());
        assertTrue(result.getOutput().contains("V2: normalize patients — Pending"), result.getOutput());
        assertTrue(result.getOutput().contains("V1000: contract legacy customer columns — Above Target"));
        assertEquals(before, snapshot());
    }

    @Test
    @Order(2)
    void preflightIsReadOnlyAndReportsTheLegacyTraps(QuarkusMainLauncher launcher) throws Exception {
        List<String> before = snapshot();
        LaunchResult result = launcher.launch("preflight");
        assertEquals(0, result.exitCode(), result.getOutput());
        String out = result.getOutput();
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
    void preflightFailsWhenAnOrderBelongsToStaff(QuarkusMainLauncher launcher) throws SQLException {
        String order = "(SELECT min(id) FROM orders WHERE tenant_id = 1)";
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE moved_order AS SELECT id, user_id FROM orders WHERE id = " + order);
            s.execute("UPDATE orders SET user_id = (SELECT min(id) FROM users WHERE NOT is_customer AND tenant_id = 1) "
                    + "WHERE id = " + order);
            LaunchResult result = launcher.launch("preflight");
            assertEquals(1, result.exitCode(), result.getOutput());
            assertTrue(result.getOutput().contains("[FAILED] orders whose customer is missing"), result.getOutput());
            s.execute("UPDATE orders o SET user_id = m.user_id FROM moved_order m WHERE m.id = o.id");
            s.execute("DROP TABLE moved_order");
        }
    }

    @Test
    @Order(4)
    void backupRestoresToTheSameRows(QuarkusMainLauncher launcher) throws Exception {
        List<String> original = snapshot();
        LaunchResult backup = launcher.launch("backup");
        assertEquals(0, backup.exitCode(), backup.getOutput());
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
        LaunchResult restore = launcher.launch("restore", dir.toString(), "--yes");
        assertEquals(0, restore.exitCode(), restore.getOutput());
        assertEquals(original, snapshot(), "the restored tables differ from the backed-up ones");
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE); Statement s = c.createStatement()) {
            s.execute("INSERT INTO tenants (slug, name) VALUES ('t-after', 'After restore')");
        }
    }

    @Test
    @Order(5)
    void dryRunReportsWhatWouldChangeAndRollsItBack(QuarkusMainLauncher launcher) throws SQLException {
        List<String> before = snapshot();
        LaunchResult result = launcher.launch("migrate", "--dry-run");
        String out = result.getOutput();
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
    void migrateTakesABackupAppliesAndVerifies(QuarkusMainLauncher launcher) throws Exception {
        long backups;
        try (Stream<Path> dirs = Files.list(Path.of("target/cli-backups"))) {
            backups = dirs.count();
        }
        LaunchResult result = launcher.launch("migrate", "--yes");
        String out = result.getOutput();
        assertEquals(0, result.exitCode(), out);
        assertTrue(out.contains("now at version: " + ContractMigrations.LAST_EXPAND_VERSION), out);
        assertTrue(!out.contains("[FAILED]"), out);
        try (Stream<Path> dirs = Files.list(Path.of("target/cli-backups"))) {
            assertEquals(backups + 1, dirs.count(), "migrate took a backup first");
        }
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE)) {
            assertEquals(ContractMigrations.LAST_EXPAND_VERSION, Backups.schemaVersion(c));
        }
        LaunchResult verify = launcher.launch("verify");
        assertEquals(0, verify.exitCode(), verify.getOutput());
    }

    @Test
    @Order(7)
    void aFailedConcurrentIndexBuildIsRepairedAndRunAgain(QuarkusMainLauncher launcher) throws SQLException {
        assertEquals(0, launcher.launch("rollback", "--to", "4", "--yes").exitCode());
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders_user_idx (id int)"); // the name of an index V5 builds, taken
            LaunchResult failed = launcher.launch("migrate", "--yes", "--skip-backup");
            assertEquals(1, failed.exitCode(), failed.getOutput());
            assertTrue(failed.getOutput().contains("migration failed: "), failed.getOutput());
            s.execute("DROP TABLE orders_user_idx");
        }
        LaunchResult repair = launcher.launch("repair");
        assertEquals(0, repair.exitCode(), repair.getOutput());
        assertTrue(repair.getOutput().contains("removed from history: [V5 legacy read indexes]"), repair.getOutput());
        LaunchResult again = launcher.launch("migrate", "--yes", "--skip-backup");
        assertEquals(0, again.exitCode(), again.getOutput());
        assertTrue(again.getOutput().contains("now at version: " + ContractMigrations.LAST_EXPAND_VERSION),
                again.getOutput());
        assertTrue(launcher.launch("repair").getOutput().contains("none: the history has no failed entry"));
    }

    @Test
    @Order(8)
    void rollbackRefusesWhatWouldBeLostThenGoesBackToTheLegacySchema(QuarkusMainLauncher launcher)
            throws SQLException {
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE); Statement s = c.createStatement()) {
            s.execute("INSERT INTO addresses (company_id, line1, city, country) VALUES (1, '1 Quay', 'Cork', 'IE')");
            List<String> before = snapshot();
            LaunchResult refused = launcher.launch("rollback", "--to", "1", "--yes");
            assertEquals(1, refused.exitCode(), refused.getOutput());
            assertTrue(refused.getOutput().contains("REFUSED"), refused.getOutput());
            assertTrue(refused.getOutput().contains("address"), refused.getOutput());
            assertEquals(before, snapshot(), "a refused rollback changed the database");
            s.execute("DELETE FROM addresses");
        }
        LaunchResult result = launcher.launch("rollback", "--to", "1", "--yes");
        assertEquals(0, result.exitCode(), result.getOutput());
        String everyVersionDown = IntStream.iterate(Integer.parseInt(ContractMigrations.LAST_EXPAND_VERSION),
                v -> v >= 2, v -> v - 1).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
        assertTrue(result.getOutput().contains("versions undone: " + everyVersionDown), result.getOutput());
        try (Connection c = TestDatabase.connect(CommandLineResource.DATABASE)) {
            assertEquals("1", Backups.schemaVersion(c));
            assertTrue(Db.tableExists(c, "patients"));
        }
    }
}
