package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.normalizer.testsupport.BesideQuarkusTests;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Proves that the patient normalization (V2) keeps every legacy row and that v_patients_legacy gives it back unchanged. */
@BesideQuarkusTests
class PatientNormalizationMigrationTest {

    private static final int FIXTURE_PATIENTS = 300;
    private static final int GENERATED_PATIENTS = 10_000;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Test
    void legacyViewReproducesEveryFixtureRow() throws SQLException {
        String db = legacyDatabase();
        migrate(db);
        try (Connection c = TestDatabase.connect(db)) {
            assertViewReproducesFlatTable(c, FIXTURE_PATIENTS);
        }
    }

    @Test
    void legacyViewReproducesEveryGeneratedRow() throws SQLException {
        String db = legacyDatabase();
        TestDatabase.loadGenerator(db, "fixture/generate-legacy-patients.sql");
        try (Connection c = TestDatabase.connect(db)) {
            long start = System.nanoTime();
            assertEquals(GENERATED_PATIENTS, scalar(c, "SELECT generate_legacy_patients(" + GENERATED_PATIENTS + ")"));
            System.out.printf("[migration-timing] generated %,d legacy patients in %d ms%n", GENERATED_PATIENTS,
                    (System.nanoTime() - start) / 1_000_000);
            assertGeneratedRowsCarryTheTraps(c);
        }

        long start = System.nanoTime();
        migrate(db);
        System.out.printf("[migration-timing] Flyway migrated %,d legacy patients (fixture + generated) in %d ms%n",
                FIXTURE_PATIENTS + GENERATED_PATIENTS, (System.nanoTime() - start) / 1_000_000);

        try (Connection c = TestDatabase.connect(db)) {
            assertViewReproducesFlatTable(c, FIXTURE_PATIENTS + GENERATED_PATIENTS);
        }
    }

    @Test
    void viewHasTheLegacyColumnsNamesAndTypes() throws SQLException {
        String db = legacyDatabase();
        migrate(db);
        try (Connection c = TestDatabase.connect(db)) {
            List<String> legacy = columns(c, "patients_flat");
            List<String> view = columns(c, "v_patients_legacy");
            assertEquals(185, legacy.size(), "the legacy table has 185 columns");
            assertEquals(legacy, view);
        }
    }

    @Test
    void existingLegacyDatabaseIsBaselinedAtVersionOne() throws SQLException {
        String db = legacyDatabase();
        MigrateResult result = migrate(db);
        assertTrue(result.success);
        try (Connection c = TestDatabase.connect(db)) {
            assertEquals("BASELINE", string(c, "SELECT type FROM flyway_schema_history WHERE version = '1'"));
            assertEquals(1, scalar(c, "SELECT count(*) FROM flyway_schema_history WHERE version = '1'"));
            assertEquals(1, scalar(c, "SELECT count(*) FROM flyway_schema_history WHERE version = '2' AND success"));
            assertEquals(0, scalar(c, "SELECT count(*) FROM flyway_schema_history WHERE NOT success"));
            assertEquals(result.migrationsExecuted,
                    scalar(c, "SELECT count(*) FROM flyway_schema_history WHERE type IN ('SQL', 'JDBC') AND success"),
                    "every version after the baseline ran (as SQL, or Java)");
            assertEquals("v", string(c, "SELECT relkind::text FROM pg_class WHERE oid = 'public.patients'::regclass"),
                    "patients is the compatibility view");
            assertNotNull(string(c, "SELECT to_regclass('public.patients_flat')::text"));
        }
    }

    @Test
    void emptyDatabaseGetsEveryVersion() throws SQLException {
        String db = TestDatabase.createEmptyDatabase("patient_norm_empty");
        migrate(db);
        try (Connection c = TestDatabase.connect(db)) {
            assertEquals("SQL", string(c, "SELECT type FROM flyway_schema_history WHERE version = '1' AND success"));
            assertEquals("JDBC", string(c, "SELECT type FROM flyway_schema_history WHERE version = '2' AND success"));
            assertEquals(0, scalar(c, "SELECT count(*) FROM flyway_schema_history WHERE type = 'BASELINE' OR NOT success"));
            assertNotNull(string(c, "SELECT to_regclass('public.v_patients_legacy')::text"));
            assertEquals(0, scalar(c, "SELECT count(*) FROM v_patients_legacy"));
            assertEquals(185, columns(c, "v_patients_legacy").size());
        }
    }

    @Test
    void failedMigrationLeavesDatabaseAsItWas() throws SQLException {
        String db = legacyDatabase();
        String checksum;
        try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement()) {
            checksum = string(c, "SELECT md5(string_agg(p::text, '' ORDER BY p.id)) FROM patients p");
            // V2 creates patient_gp after the rename and six other tables, so it fails midway.
            s.execute("CREATE TABLE patient_gp (x integer)");
        }

        assertThrows(FlywayException.class, () -> migrate(db));

        try (Connection c = TestDatabase.connect(db)) {
            assertAll(
                    () -> assertNotNull(string(c, "SELECT to_regclass('public.patients')::text")),
                    () -> assertEquals(FIXTURE_PATIENTS, scalar(c, "SELECT count(*) FROM patients")),
                    () -> assertEquals(checksum,
                            string(c, "SELECT md5(string_agg(p::text, '' ORDER BY p.id)) FROM patients p")),
                    () -> assertNotNull(string(c, "SELECT to_regclass('public.patients_id_seq')::text")),
                    () -> assertNull(string(c, "SELECT to_regclass('public.patients_flat')::text")),
                    () -> assertNull(string(c, "SELECT to_regclass('public.patient_core')::text")),
                    () -> assertNull(string(c, "SELECT to_regclass('public.v_patients_legacy')::text")),
                    () -> assertEquals(0, scalar(c,
                            "SELECT count(*) FROM flyway_schema_history WHERE version = '2' AND success")));
        }
    }

    @Test
    void newPatientIdsContinueAfterLegacyIds() throws SQLException {
        String db = legacyDatabase();
        long legacyMaxId;
        try (Connection c = TestDatabase.connect(db)) {
            legacyMaxId = scalar(c, "SELECT max(id) FROM patients");
        }
        migrate(db);
        try (Connection c = TestDatabase.connect(db)) {
            long id = scalar(c, "INSERT INTO patient_core (tenant_id, first_name, surname) VALUES (1, 'Nora', 'Byrne') "
                    + "RETURNING id");
            assertEquals(legacyMaxId + 1, id);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** Migrates like the service does, to the last expand version. */
    private static MigrateResult migrate(String db) {
        return MigrationDb.migrate(db, MigrationDb.LAST_EXPAND_VERSION);
    }

    private static String legacyDatabase() {
        return TestDatabase.createLegacyDatabase("patient_norm_" + DATABASES.incrementAndGet());
    }

    /** Row for row, in both directions, by value and by text form (which also sees padding and scale). */
    private static void assertViewReproducesFlatTable(Connection c, long expectedRows) throws SQLException {
        assertEquals(expectedRows, scalar(c, "SELECT count(*) FROM patients_flat"));
        assertEquals(expectedRows, scalar(c, "SELECT count(*) FROM v_patients_legacy"));
        assertAll(
                () -> assertNoRows(c, "(SELECT * FROM patients_flat) EXCEPT (SELECT * FROM v_patients_legacy)"),
                () -> assertNoRows(c, "(SELECT * FROM v_patients_legacy) EXCEPT (SELECT * FROM patients_flat)"),
                () -> assertNoRows(c, "(SELECT p::text FROM patients_flat p) EXCEPT (SELECT v::text FROM v_patients_legacy v)"),
                () -> assertNoRows(c, "(SELECT v::text FROM v_patients_legacy v) EXCEPT (SELECT p::text FROM patients_flat p)"));
    }

    private static void assertNoRows(Connection c, String query) throws SQLException {
        long rows = count(c, query);
        if (rows != 0) {
            fail(rows + " rows differ, for example:\n" + sample(c, query));
        }
    }

    /** Guards the generator: a comparison over data without the traps would prove nothing. */
    private static void assertGeneratedRowsCarryTheTraps(Connection c) {
        Map<String, String> traps = new LinkedHashMap<>();
        traps.put("allergy gap", "allergy1 IS NULL AND allergy1_severity IS NULL AND allergy2 IS NOT NULL");
        traps.put("severity without allergen", "allergy1 IS NULL AND allergy1_severity IS NOT NULL");
        traps.put("prev2 without prev1", "num_nonnulls(prev1_address_line1, prev1_address_line2, prev1_city, "
                + "prev1_postcode, prev1_country, prev1_from, prev1_to) = 0 AND prev2_address_line1 IS NOT NULL");
        traps.put("medication3 without medication1", "medication1 IS NULL AND medication3 IS NOT NULL");
        traps.put("work extension without work phone", "phone_work IS NULL AND phone_work_ext IS NOT NULL");
        traps.put("relative with only a phone", "num_nonnulls(next_of_kin_name, next_of_kin_relationship, "
                + "next_of_kin_phone_alt, next_of_kin_email, next_of_kin_address, next_of_kin_notes, mother_name, "
                + "mother_relationship, mother_phone_alt, mother_email, mother_address, mother_notes) = 0 "
                + "AND (next_of_kin_phone IS NOT NULL OR mother_phone IS NOT NULL)");
        traps.put("tab", "p::text LIKE E'%\\t%'");
        traps.put("newline", "p::text LIKE E'%\\n%'");
        traps.put("backslash", "strpos(p::text, E'\\\\') > 0");
        traps.put("single quote", "strpos(p::text, '''') > 0");
        traps.put("emoji", "p::text ~ '[\\U0001F300-\\U0001FAFF]'");
        traps.put("trailing spaces", "surname LIKE '% ' OR first_name LIKE '% '");
        traps.put("empty string", "surname = '' OR first_name = ''");
        traps.put("microseconds", "extract(microseconds FROM created_at)::bigint % 1000 <> 0");
        traps.put("whole seconds", "created_at = date_trunc('second', created_at)");
        traps.put("maximum length", "length(first_name) = 100 OR length(mrn) = 20");
        traps.put("flag Y", "consent_sms = 'Y'");
        traps.put("flag N", "consent_sms = 'N'");
        traps.put("flag NULL", "consent_sms IS NULL");
        traps.put("largest numeric(5,1)", "weight_kg = 9999.9 OR height_cm = 9999.9");
        List<Executable> checks = new ArrayList<>();
        traps.forEach((trap, condition) -> checks.add(() -> assertTrue(
                scalar(c, "SELECT count(*) FROM patients p WHERE p.id > " + FIXTURE_PATIENTS + " AND (" + condition + ")") > 0,
                "no generated row has the trap: " + trap)));
        assertAll(checks);
    }

    /** Name, type, length, precision and scale of each column, in column order. */
    private static List<String> columns(Connection c, String relation) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT column_name, data_type, character_maximum_length, numeric_precision, "
                        + "numeric_scale, datetime_precision FROM information_schema.columns "
                        + "WHERE table_schema = current_schema() AND table_name = '" + relation + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.add(String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
            }
        }
        return columns;
    }

    /** Number of rows the query returns. */
    private static long count(Connection c, String query) throws SQLException {
        return scalar(c, "SELECT count(*) FROM (" + query + ") AS q");
    }

    private static String sample(Connection c, String query) throws SQLException {
        return string(c, "SELECT string_agg(left(q::text, 300), E'\\n') FROM (SELECT * FROM (" + query + ") AS r LIMIT 3) AS q");
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), "no row from " + sql);
            return rs.getLong(1);
        }
    }

    private static String string(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
