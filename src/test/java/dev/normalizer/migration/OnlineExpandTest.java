package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import db.migration.V2__normalize_patients;
import dev.normalizer.migration.Rollback.Outcome;
import dev.normalizer.testsupport.BesideQuarkusTests;
import dev.normalizer.testsupport.Eventually;
import dev.normalizer.testsupport.TestDatabase;
import java.io.File;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * V2 runs online: the legacy application's own SQL keeps working while the service migrates and after it, a crash
 * in the middle of the backfill is continued by the next start, and a rollback from there leaves the legacy table as
 * the legacy application left it.
 */
@BesideQuarkusTests
class OnlineExpandTest {

    private static final int PATIENTS = 20_000;
    private static final String SAME_ROWS = "SELECT count(*) FROM ((SELECT * FROM patients_flat EXCEPT SELECT * FROM "
            + "v_patients_legacy) UNION ALL (SELECT * FROM v_patients_legacy EXCEPT SELECT * FROM patients_flat)) d";

    @Test
    void legacyWorkloadRunsThroughTheWholeMigrationWithoutErrorsOrLongWaits() throws Exception {
        String db = MigrationDb.generatedLegacyDatabase(PATIENTS);
        LegacyWorkload legacy = new LegacyWorkload(db, 3);
        try (legacy) {
            Eventually.until("the legacy workload is running", () -> legacy.statements.get() > 100,
                    Duration.ofSeconds(10));
            assertTrue(MigrationDb.migrate(db, MigrationDb.LAST_EXPAND_VERSION).success);
            long afterMigration = legacy.statements.get();
            Eventually.until("the legacy workload runs on after the migration",
                    () -> legacy.statements.get() > afterMigration + 300, Duration.ofSeconds(30));
        }
        assertEquals(java.util.List.of(), legacy.errors.subList(0, Math.min(5, legacy.errors.size())),
                legacy.errors.size() + " legacy statements failed");
        assertTrue(legacy.slowestNanos.get() < TimeUnit.SECONDS.toNanos(2), "the slowest legacy statement took "
                + legacy.slowestNanos.get() / 1_000_000 + " ms: " + legacy.slowestStatement);
        try (Connection c = TestDatabase.connect(db)) {
            for (Map.Entry<Long, String> write : legacy.patientCities.entrySet()) {
                String id = write.getKey().toString();
                assertEquals(write.getValue(), string(c, "SELECT city FROM patients WHERE id = " + id),
                        "legacy SQL reads its own write of patient " + id);
                assertEquals(write.getValue(), string(c, "SELECT city FROM patient_address WHERE slot = 0 AND "
                        + "patient_id = " + id), "the normalized tables hold the legacy write of patient " + id);
            }
            assertEquals(legacy.patientCities.size(), scalar(c, "SELECT count(*) FROM patient_core WHERE id = ANY "
                    + "('{" + String.join(",", legacy.patientCities.keySet().stream().map(String::valueOf).toList())
                    + "}')"), "every patient the legacy application wrote or inserted is there once");
            for (Map.Entry<Long, String> write : legacy.customerCities.entrySet()) {
                assertEquals(write.getValue(), string(c, "SELECT city FROM customer_profiles WHERE customer_id = "
                        + write.getKey()), "the normalized tables hold the legacy write of customer " + write.getKey());
            }
            assertEquals(0, scalar(c, SAME_ROWS), "patients_flat holds exactly what v_patients_legacy shows");
            assertEquals(scalar(c, "SELECT count(*) FROM patient_core"), scalar(c, "SELECT count(*) FROM patients"));
            assertEquals(legacy.orders.size(), scalar(c, "SELECT count(*) FROM orders WHERE customer_id = user_id "
                    + "AND id = ANY ('{" + String.join(",", legacy.orders.stream().map(String::valueOf).toList())
                    + "}')"), "orders inserted by user_id have their customer");
        }
    }

    @Test
    void legacySqlOnPatientsWorksUnchangedAfterTheCutover() throws SQLException {
        String db = MigrationDb.legacyDatabase();
        MigrationDb.migrate(db, MigrationDb.LAST_EXPAND_VERSION);
        try (Connection c = TestDatabase.connect(db)) {
            long next = scalar(c, "SELECT max(id) + 1 FROM patient_core");
            long id = scalar(c, "INSERT INTO patients (tenant_id, first_name, surname, allergy2, allergy2_severity) "
                    + "VALUES (1, 'Ada', ' O''Brien ', 'latex', 'high') RETURNING id");
            assertEquals(next, id, "the id sequence's default, as before");
            assertAll(() -> assertEquals("active", string(c, "SELECT status FROM patients WHERE id = " + id)),
                    () -> assertEquals("N", string(c, "SELECT deceased FROM patients WHERE id = " + id)),
                    () -> assertEquals(1, scalar(c, "SELECT count(*) FROM patients WHERE id = " + id
                            + " AND created_at IS NOT NULL")),
                    () -> assertEquals("latex", string(c, "SELECT allergen FROM patient_allergies WHERE slot = 2 "
                            + "AND patient_id = " + id)),
                    () -> assertEquals(1, scalar(c, "SELECT count(*) FROM patient_core WHERE id = " + id
                            + " AND public_id LIKE 'pat\\_%' AND surname_key = ' o''brien '")));

            assertEquals(1, scalar(c, "WITH u AS (UPDATE patients SET allergy2 = NULL, allergy2_severity = NULL, "
                    + "medication5 = 'aspirin', phone_work_ext = '42' WHERE id = " + id + " RETURNING 1) "
                    + "SELECT count(*) FROM u"), "UPDATE reports the row it changed");
            assertAll(() -> assertEquals(0, scalar(c, "SELECT count(*) FROM patient_allergies WHERE patient_id = " + id)),
                    () -> assertEquals("aspirin", string(c, "SELECT medication5 FROM patients WHERE id = " + id)),
                    () -> assertEquals("42", string(c, "SELECT extension FROM patient_contacts WHERE kind = "
                            + "'phone_work' AND patient_id = " + id)));
            assertEquals(0, scalar(c, SAME_ROWS), "the legacy writes reached patients_flat too");

            String before = string(c, "SELECT public_id FROM patient_core WHERE id = " + id);
            execute(c, "UPDATE patients SET surname = 'Byrne' WHERE id = " + id);
            assertEquals(before, string(c, "SELECT public_id FROM patient_core WHERE id = " + id),
                    "a legacy update keeps the patient's public id");

            assertEquals(1, scalar(c, "WITH d AS (DELETE FROM patients WHERE id = " + id + " RETURNING 1) "
                    + "SELECT count(*) FROM d"));
            assertAll(() -> assertEquals(0, scalar(c, "SELECT count(*) FROM patient_core WHERE id = " + id)),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM patients_flat WHERE id = " + id)));
            assertEquals(string(c, "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE "
                    + "attrelid = 'patients_flat'::regclass AND attnum > 0 AND NOT attisdropped"),
                    string(c, "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE "
                            + "attrelid = 'patients'::regclass AND attnum > 0"), "SELECT * gives the legacy columns");
        }
    }

    @Test
    void killedDuringTheBackfillTheNextStartContinuesToTheSameEndState() throws Exception {
        String interrupted = MigrationDb.generatedLegacyDatabase(PATIENTS);
        killDuringBackfill(interrupted);
        try (Connection c = TestDatabase.connect(interrupted)) {
            assertNull(string(c, "SELECT version FROM flyway_schema_history WHERE version = '2'"),
                    "Flyway recorded nothing for the killed V2");
            legacyWritesDuringTheBackfill(c);
        }
        assertTrue(MigrationDb.migrate(interrupted, MigrationDb.LAST_EXPAND_VERSION).success);

        String uninterrupted = MigrationDb.generatedLegacyDatabase(PATIENTS);
        try (Connection c = TestDatabase.connect(uninterrupted)) {
            legacyWritesDuringTheBackfill(c);
        }
        MigrationDb.migrate(uninterrupted, MigrationDb.LAST_EXPAND_VERSION);

        try (Connection a = TestDatabase.connect(interrupted); Connection b = TestDatabase.connect(uninterrupted)) {
            Map<Long, String> expected = rowDigests(b);
            Map<Long, String> actual = rowDigests(a);
            assertEquals(java.util.List.of(), expected.keySet().stream()
                    .filter(id -> !expected.get(id).equals(actual.get(id))).limit(10).toList(),
                    "the same patients, column for column (ids that differ or are missing)");
            assertEquals(expected.size(), actual.size(), "the same patients, and no more");
            for (String table : new String[] {"patient_core", "patient_contacts", "patient_address", "patient_family",
                "patient_allergies", "patient_medications", "patient_conditions", "patient_insurance", "patient_gp"}) {
                assertEquals(scalar(b, "SELECT count(*) FROM " + table), scalar(a, "SELECT count(*) FROM " + table),
                        table + ": no duplicate, no gap");
            }
            assertEquals(0, scalar(a, SAME_ROWS), "the legacy view equals the flat rows");
        }
    }

    @Test
    void rollbackFromTheMiddleOfTheBackfillLeavesTheLegacyTableAsTheLegacyApplicationLeftIt() throws Exception {
        String db = MigrationDb.generatedLegacyDatabase(PATIENTS);
        killDuringBackfill(db);
        try (Connection c = TestDatabase.connect(db)) {
            legacyWritesDuringTheBackfill(c);
            String checksum = string(c, "SELECT md5(string_agg(p::text, '' ORDER BY p.id)) FROM patients p");
            Rollback.Result result = Rollback.to(c, 1, MigrationDb.migrations());
            assertEquals(Outcome.UNDONE, result.outcome(), result.report());
            assertAll(() -> assertEquals(checksum, string(c, "SELECT md5(string_agg(p::text, '' ORDER BY p.id)) "
                    + "FROM patients p")),
                    () -> assertNull(string(c, "SELECT to_regclass('patient_core')::text")),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal "
                            + "AND tgrelid = 'patients'::regclass")));
        }
        assertTrue(MigrationDb.migrate(db, MigrationDb.LAST_EXPAND_VERSION).success, "and it migrates again");
    }

    /** Patient id → md5 of its legacy row, from v_patients_legacy. */
    private static Map<Long, String> rowDigests(Connection c) throws SQLException {
        Map<Long, String> digests = new java.util.TreeMap<>();
        try (java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT id, md5(v::text) FROM v_patients_legacy v")) {
            while (rs.next()) {
                digests.put(rs.getLong(1), rs.getString(2));
            }
        }
        return digests;
    }

    /**
     * Migrates in a JVM of its own and kills it with SIGKILL in the middle of V2's backfill. A row of the third batch
     * is held locked meanwhile, so the backfill is at a known point, and still running, when the kill comes.
     */
    private static void killDuringBackfill(String db) throws Exception {
        long blockedId;
        try (Connection c = TestDatabase.connect(db)) {
            blockedId = scalar(c, "SELECT id FROM patients ORDER BY id OFFSET "
                    + (2 * V2__normalize_patients.BATCH_SIZE + 10) + " LIMIT 1");
        }
        try (Connection blocker = TestDatabase.connect(db)) {
            blocker.setAutoCommit(false);
            execute(blocker, "SELECT * FROM patients WHERE id = " + blockedId + " FOR UPDATE");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    MigrationDb.class.getName(), TestDatabase.jdbcUrl(db), MigrationDb.LAST_EXPAND_VERSION)
                    .redirectErrorStream(true).redirectOutput(new File("target/online-expand-killed-" + db + ".log"))
                    .start();
            try (Connection watcher = TestDatabase.connect(db)) {
                Eventually.until("the backfill has committed two batches", () -> batches(watcher) >= 2,
                        Duration.ofSeconds(60));
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            blocker.rollback();
        }
    }

    private static long batches(Connection c) {
        try {
            return scalar(c, "SELECT CASE WHEN to_regclass('patient_backfill') IS NULL THEN 0 ELSE "
                    + "(SELECT batches FROM patient_backfill) END");
        } catch (SQLException e) {
            return 0;
        }
    }

    /** What the legacy application does while the expand is stopped: one of each write, early and late ids. */
    private static void legacyWritesDuringTheBackfill(Connection c) throws SQLException {
        execute(c, "UPDATE patients SET city = 'Galway', allergy1 = NULL, condition5 = 'asthma' WHERE id IN "
                + "((SELECT min(id) FROM patients), (SELECT max(id) FROM patients))");
        execute(c, "DELETE FROM patients WHERE id IN ((SELECT min(id) + 1 FROM patients), "
                + "(SELECT max(id) - 1 FROM patients))");
        execute(c, "INSERT INTO patients (tenant_id, first_name, surname, created_at) VALUES (1, 'Nora', 'Late', "
                + "'2026-12-01 10:00:00')");
    }
}
