package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * V10 gives every patient a {@code surname_key} equal to {@code lower(surname)}, keeps it so on every write, and
 * its index serves the surname search of the service's role, under row-level security.
 */
class PatientSurnameSearchMigrationTest {

    @Test
    void everyPatientGetsTheKeyOfItsSurnameAndKeepsItOnEveryWrite() throws SQLException {
        String db = legacyDatabase();
        migrate(db, "10");
        try (Connection c = TestDatabase.connect(db)) {
            assertTrue(scalar(c, "SELECT count(*) FROM patient_core") > 0);
            assertEquals(0L, scalar(c, "SELECT count(*) FROM patient_core WHERE surname_key IS DISTINCT FROM "
                    + "lower(surname)"), "backfilled, with the fixture's odd surnames (spaces, non-ASCII, empty)");

            execute(c, "UPDATE patient_core SET surname = 'DuPONT-Martin' WHERE id = (SELECT min(id) FROM patient_core)");
            assertEquals("dupont-martin", string(c, "SELECT surname_key FROM patient_core ORDER BY id LIMIT 1"));
            execute(c, "UPDATE patient_core SET surname_key = 'tampered' WHERE id = (SELECT min(id) FROM patient_core)");
            execute(c, "UPDATE patient_core SET surname = surname WHERE id = (SELECT min(id) FROM patient_core)");
            assertEquals("dupont-martin", string(c, "SELECT surname_key FROM patient_core ORDER BY id LIMIT 1"),
                    "any write of the surname sets the key again");
        }
    }

    @Test
    void theServicesRoleFindsASurnameThroughTheIndexUnderRowLevelSecurity() throws SQLException {
        String db = legacyDatabase();
        migrate(db, "10");
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl(db), EmbeddedDatabase.APP_ROLE,
                EmbeddedDatabase.APP_PASSWORD)) {
            c.setAutoCommit(false);
            execute(c, "SELECT set_config('app.tenant_id', '1', true)");
            // The fixture is small enough to scan; without scans, the plan shows which conditions an index can take.
            execute(c, "SET LOCAL enable_seqscan = off");
            String byKey = plan(c, "SELECT id FROM patient_core k WHERE k.tenant_id = 1 AND NOT k.gdpr_restricted "
                    + "AND k.surname_key = lower('AHMED')");
            assertTrue(byKey.contains("patient_core_tenant_surname_key_idx") && byKey.contains("surname_key ="),
                    "the key is an index condition:\n" + byKey);
            String byExpression = plan(c, "SELECT id FROM patient_core k WHERE k.tenant_id = 1 "
                    + "AND lower(k.surname) = lower('AHMED')");
            assertFalse(byExpression.contains("patient_core_tenant_surname_idx"),
                    "why V10 exists: lower() is not leakproof, so under the policy it is no index condition:\n"
                            + byExpression);
            c.rollback();
        }
    }

    private static String plan(Connection c, String query) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("EXPLAIN " + query)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
