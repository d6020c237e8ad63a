package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.assertSameRows;
import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.flyway;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.migrations;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.migration.Rollback.Outcome;
import dev.normalizer.migration.Rollback.Result;
import dev.normalizer.testsupport.BesideQuarkusTests;
import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The way back: up, down and up again gives the legacy rows back (with the writes made since), every step down
 * leaves a valid state equal to a fresh database at that version, and a rollback that would lose data refuses
 * and changes nothing.
 */
@BesideQuarkusTests
class RollbackTest {

    private static final String LATEST = MigrationDb.LAST_EXPAND_VERSION;
    private static final int LATEST_VERSION = Integer.parseInt(LATEST);
    private static final int GENERATED_PATIENTS = 2_000;
    private static final int GENERATED_USERS = 2_000;
    /** The legacy tables, all of which a rollback to 1 must give back. */
    private static final List<String> LEGACY_TABLES =
            List.of("tenants", "clinics", "companies", "users", "orders", "reservations", "patients");

    @Test
    void upDownUpReproducesTheLegacyRows() throws SQLException {
        String db = legacyDatabase();
        String pristine = legacyDatabase();
        try (Connection c = TestDatabase.connect(db)) {
            keepLegacyRows(c);
        }
        migrate(db, LATEST);
        ServiceWrites w;
        try (Connection c = TestDatabase.connect(db)) {
            w = ServiceWrites.make(c);
            execute(c, "CREATE TABLE legacy_before.v_patients_legacy AS TABLE v_patients_legacy");
        }

        Result result = rollback(db, 1);

        assertEquals(Outcome.UNDONE, result.outcome(), result.report());
        assertEquals(versionsDown(LATEST_VERSION, 2), result.versionsUndone());
        assertEquals(301L, result.rowsRestored().get("patients: rebuilt from v_patients_legacy"), result.report());
        assertTrue(result.messages().stream().anyMatch(m -> m.contains("1 customer session(s) dropped")),
                result.report());
        try (Connection c = TestDatabase.connect(db); Connection p = TestDatabase.connect(pristine)) {
            assertAll(
                    () -> assertEquals(SchemaCatalog.describe(p), SchemaCatalog.describe(c),
                            "the schema is the legacy schema again"),
                    () -> assertSameRows(c, "patients vs v_patients_legacy just before the rollback",
                            "SELECT id::text, p::text FROM patients p",
                            "SELECT id::text, v::text FROM legacy_before.v_patients_legacy v"),
                    () -> assertEquals(ids(w.changedPatients(), w.newPatient()), changed(c, "patients")),
                    () -> assertEquals(w.changedPatients(), changed(c, "legacy_before.patients", "patients")),
                    () -> assertEquals(ids(w.changedCustomers(), w.newCustomer()), changed(c, "users")),
                    () -> assertEquals(w.changedCustomers(), changed(c, "legacy_before.users", "users")),
                    () -> assertEquals("customer t, tenant 1, company none, home clinic 1", string(c,
                            "SELECT format('customer %s, tenant %s, company %s, home clinic %s', is_customer, "
                                    + "tenant_id, coalesce(company_id::text, 'none'), home_clinic_id) FROM users "
                                    + "WHERE id = " + w.newCustomer()),
                            "registered into the Default Company: an orphan (company NULL) again, home clinic kept"),
                    () -> assertEquals(List.of(w.newOrder()), changed(c, "orders")),
                    () -> assertEquals(List.of(), changed(c, "legacy_before.orders", "orders")),
                    () -> assertEquals(w.newCustomer(), scalar(c, "SELECT user_id FROM orders WHERE id = " + w.newOrder())),
                    () -> assertEquals(List.of(w.newReservation()), changed(c, "reservations")),
                    () -> assertEquals(List.of(), changed(c, "legacy_before.reservations", "reservations")),
                    () -> assertEquals(List.of(), changed(c, "companies")),
                    () -> assertEquals(List.of(), changed(c, "legacy_before.companies", "companies")),
                    () -> assertEquals(List.of(), changed(c, "tenants")),
                    () -> assertEquals(List.of(), changed(c, "clinics")),
                    () -> assertEquals("1", string(c, "SELECT string_agg(version, ',') FROM flyway_schema_history")),
                    () -> assertEquals(w.newPatient() + 1, scalar(c, "SELECT nextval('patients_id_seq')"),
                            "new legacy ids continue after the patients written since"));
        }

        migrate(db, LATEST);
        try (Connection c = TestDatabase.connect(db)) {
            assertViewEqualsFlatTable(c);
            assertEquals(scalar(c, "SELECT count(*) FROM users WHERE is_customer"),
                    scalar(c, "SELECT count(*) FROM customers"));
            assertEquals("Default Company", string(c, "SELECT d.name FROM customers c "
                    + "JOIN companies d ON d.id = c.company_id AND d.is_default WHERE c.id = " + w.newCustomer()));
        }
    }

    @Test
    void stepwiseEachVersionIsAValidStateEqualToAFreshOne() throws SQLException {
        String db = legacyDatabase();
        migrate(db, LATEST);
        Map<Integer, List<String>> fresh = new HashMap<>();
        for (int version = 1; version <= LATEST_VERSION; version++) {
            String reference = legacyDatabase();
            migrate(reference, String.valueOf(version));
            try (Connection c = TestDatabase.connect(reference)) {
                fresh.put(version, SchemaCatalog.describe(c));
            }
        }

        for (int target = LATEST_VERSION - 1; target >= 1; target--) {
            long start = System.nanoTime();
            Result result = rollback(db, target);
            timing("rolled the fixture back from " + (target + 1) + " to " + target, start);
            assertEquals(Outcome.UNDONE, result.outcome(), result.report());
            assertEquals(List.of(target + 1), result.versionsUndone());
            Flyway flyway = flyway(db, String.valueOf(target));
            flyway.validate();
            assertEquals(String.valueOf(target), flyway.info().current().getVersion().getVersion());
            try (Connection c = TestDatabase.connect(db)) {
                assertEquals(fresh.get(target), SchemaCatalog.describe(c), "schema after going down to " + target);
            }
        }

        for (int target = 2; target <= LATEST_VERSION; target++) {
            migrate(db, String.valueOf(target));
        }
        try (Connection c = TestDatabase.connect(db)) {
            assertEquals(fresh.get(LATEST_VERSION), SchemaCatalog.describe(c), "schema after going up again");
            assertViewEqualsFlatTable(c);
        }
        assertEquals(Outcome.NOTHING_TO_UNDO, rollback(db, LATEST_VERSION).outcome());
    }

    /** Something only the newer schema can hold, and the rollback that would lose it. */
    enum Loss {
        COMPANY_ADDRESS(3, "INSERT INTO addresses (company_id, line1, city, country) VALUES (2, '1 Main St', 'Cork', 'IE')",
                "1 company address(es) would be lost (the addresses table is new in V4; companies 2)"),
        STAFF_IN_DEFAULT_COMPANY(3, "UPDATE users u SET company_id = d.id FROM companies d WHERE d.tenant_id = u.tenant_id "
                + "AND d.is_default AND u.id = (SELECT min(id) FROM users WHERE NOT is_customer)",
                "1 staff user(s) belong to a Default Company"),
        RENAMED_DEFAULT_COMPANY(3, "UPDATE companies SET name = 'Acme' WHERE is_default AND tenant_id = 1",
                "1 Default Company row(s) were renamed and would be deleted"),
        // A legacy UPDATE of users reaches customer_profiles (V3's sync trigger); a normalized row edited without
        // the service's mirror into users is what leaves the two apart.
        USERS_ROW_DIFFERS(2, "UPDATE customer_profiles SET city = 'Edited behind the service' "
                + "WHERE customer_id = (SELECT min(id) FROM customers)",
                "1 customer(s) whose users row differs from customers/customer_profiles/customer_clinics"),
        PHONE_LONGER_THAN_LEGACY(1, "UPDATE patient_contacts SET value = repeat('7', 31) "
                + "WHERE id = (SELECT min(id) FROM patient_contacts WHERE kind = 'phone_mobile')",
                "1 phone/fax number(s) longer than the legacy varchar(30) would be cut"),
        PATIENT_WITHOUT_PERSONAL_ROW(1, "DELETE FROM patient_personal WHERE patient_id = 17",
                "1 patient(s) without a patient_personal row are not in v_patients_legacy and would be lost (ids 17)");

        final int target;
        final String write;
        final String message;

        Loss(int target, String write, String message) {
            this.target = target;
            this.write = write;
            this.message = message;
        }
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void refusesAndChangesNothingWhenDataWouldBeLost(Loss loss) throws SQLException {
        String db = legacyDatabase();
        migrate(db, LATEST);
        try (Connection c = TestDatabase.connect(db)) {
            execute(c, loss.write);
            Map<String, String> rows = SchemaCatalog.checksums(c);
            List<String> schema = SchemaCatalog.describe(c);

            Result result = Rollback.to(c, loss.target, migrations());

            assertEquals(Outcome.REFUSED, result.outcome(), result.report());
            assertTrue(result.messages().get(0).contains(loss.message), result.report());
            assertTrue(result.messages().get(0).endsWith("the database is unchanged)"), result.report());
            assertEquals(List.of(), result.versionsUndone());
            assertEquals(LATEST_VERSION, result.fromVersion());
            assertAll(
                    () -> assertEquals(rows, SchemaCatalog.checksums(c), "rows, Flyway history included"),
                    () -> assertEquals(schema, SchemaCatalog.describe(c)),
                    () -> assertTrue(c.getAutoCommit(), "the connection's auto-commit is given back"));
        }
        assertEquals(LATEST, flyway(db, LATEST).info().current().getVersion().getVersion());
    }

    @Test
    void refusesToUndoTheContractStep() throws SQLException {
        String db = legacyDatabase();
        migrate(db, "latest");
        try (Connection c = TestDatabase.connect(db)) {
            Map<String, String> rows = SchemaCatalog.checksums(c);
            for (int target : List.of(4, 1)) {
                Result result = Rollback.to(c, target, migrations());
                assertEquals(Outcome.REFUSED, result.outcome(), result.report());
                assertTrue(result.messages().get(0).contains("contract step cannot be undone; restore a backup"),
                        result.report());
                assertEquals(1001, result.fromVersion());
            }
            assertEquals(rows, SchemaCatalog.checksums(c));
        }
    }

    @Test
    void refusesTargetsAndHistoriesItCannotHandle() throws SQLException {
        String neverMigrated = legacyDatabase();
        String db = legacyDatabase();
        migrate(db, LATEST);
        try (Connection c = TestDatabase.connect(db); Connection legacy = TestDatabase.connect(neverMigrated)) {
            Map<String, String> rows = SchemaCatalog.checksums(c);
            assertRefused(Rollback.to(c, 0, migrations()),
                    "version 1 is the legacy baseline; there is nothing below it");
            assertRefused(Rollback.to(c, 99, migrations()), "unknown version 99: versions are "
                    + java.util.stream.IntStream.rangeClosed(1, LATEST_VERSION).boxed().toList());
            assertRefused(Rollback.to(c, "2.5", migrations()), "unknown version '2.5'");
            assertRefused(Rollback.to(legacy, 1, migrations()), "no flyway_schema_history table");
            assertEquals(Outcome.NOTHING_TO_UNDO, Rollback.to(c, LATEST_VERSION, migrations()).outcome());
            assertEquals(rows, SchemaCatalog.checksums(c));

            execute(c, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, execution_time, success) "
                    + "SELECT max(installed_rank) + 1, '" + (LATEST_VERSION + 1) + "', 'from a newer release', 'SQL', 'V99__later.sql', 0, 'test', 0, "
                    + "true FROM flyway_schema_history");
            assertRefused(Rollback.to(c, 3, migrations()), "version " + (LATEST_VERSION + 1) + " has no down script");
            assertNotNull(string(c, "SELECT to_regclass('public.patients_flat')::text"), "nothing was undone");
        }
    }

    @Test
    void upDownUpKeepsEveryGeneratedRowWithItsTraps() throws SQLException {
        String db = legacyDatabase();
        TestDatabase.loadGenerator(db, "fixture/generate-legacy-patients.sql");
        TestDatabase.loadGenerator(db, "fixture/generate-legacy-customers.sql");
        try (Connection c = TestDatabase.connect(db)) {
            assertEquals(GENERATED_PATIENTS, scalar(c, "SELECT generate_legacy_patients(" + GENERATED_PATIENTS + ")"));
            assertEquals(GENERATED_USERS, scalar(c, "SELECT generate_legacy_customers(" + GENERATED_USERS + ")"));
            keepLegacyRows(c);
            assertGeneratedRowsCarryTraps(c);
        }

        long start = System.nanoTime();
        migrate(db, LATEST);
        timing("migrated fixture + " + GENERATED_PATIENTS + " patients + " + GENERATED_USERS + " users to " + LATEST, start);
        start = System.nanoTime();
        Result result = rollback(db, 1);
        timing("rolled fixture + " + GENERATED_PATIENTS + " patients + " + GENERATED_USERS + " users back to 1", start);
        assertEquals(Outcome.UNDONE, result.outcome(), result.report());
        System.out.println(result.report());
        try (Connection c = TestDatabase.connect(db)) {
            List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
            for (String table : LEGACY_TABLES) {
                checks.add(() -> assertSameRows(c, table + " vs the legacy rows before migrating",
                        "SELECT id::text, t::text FROM " + table + " t",
                        "SELECT id::text, t::text FROM legacy_before." + table + " t"));
            }
            checks.add(() -> assertEquals(0L, scalar(c, "SELECT count(*) FROM ((TABLE patients) "
                    + "EXCEPT (TABLE legacy_before.patients)) d"), "patients by value"));
            checks.add(() -> assertEquals(0L, scalar(c, "SELECT count(*) FROM ((TABLE legacy_before.patients) "
                    + "EXCEPT (TABLE patients)) d"), "legacy patients by value"));
            assertAll(checks);
        }

        start = System.nanoTime();
        migrate(db, LATEST);
        timing("migrated the rolled-back database up to " + LATEST + " again", start);
        try (Connection c = TestDatabase.connect(db)) {
            assertViewEqualsFlatTable(c);
        }
    }

    /**
     * Up and down scripts pair by name: every expand migration above the baseline, SQL or Java, has
     * {@code db/rollback/D<N>__<same description>.sql}, which Rollback finds on its own; and every file there is the
     * down script of a migration (or its {@code _unfinished} variant), so that none is left over.
     */
    @Test
    void everyMigrationAboveTheBaselineHasADownScriptAndEveryDownScriptAMigration() throws IOException {
        Map<Integer, String> migrations = MigrationDb.expandMigrations();
        migrations.remove(Rollback.BASELINE_VERSION);
        Map<Integer, String> expected = new TreeMap<>();
        migrations.forEach((version, rest) -> expected.put(version, "db/rollback/D" + version + rest + ".sql"));
        assertEquals(expected, Rollback.downScripts(migrations()), "D<version>__<same description>.sql for every "
                + "V<version>, found from the migrations Flyway resolves");
        List<String> paired = new ArrayList<>(expected.values());
        expected.values().stream().map(Rollback::unfinished).filter(script -> Files.exists(source(script)))
                .forEach(paired::add);
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/rollback"))) {
            assertEquals(paired.stream().sorted().toList(),
                    files.map(f -> "db/rollback/" + f.getFileName()).sorted().toList(),
                    "every down script belongs to a migration: no stray or misnamed ones");
        }
        assertTrue(Files.exists(source(Rollback.unfinished(expected.get(2)))),
                "V2 runs online, and its unfinished state has a script of its own");
    }

    private static Path source(String resource) {
        return Path.of("src/main/resources", resource);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** from, from - 1, ..., to. */
    private static List<Integer> versionsDown(int from, int to) {
        return java.util.stream.IntStream.iterate(from, v -> v >= to, v -> v - 1).boxed().toList();
    }

    private static Result rollback(String db, int target) throws SQLException {
        try (Connection c = TestDatabase.connect(db)) {
            return Rollback.to(c, target, migrations());
        }
    }

    private static void assertRefused(Result result, String reason) {
        assertEquals(Outcome.REFUSED, result.outcome(), result.report());
        assertTrue(result.messages().get(0).contains(reason), result.report());
    }

    /** Copies the legacy tables as they are now into schema legacy_before, which no migration touches. */
    private static void keepLegacyRows(Connection c) throws SQLException {
        execute(c, "CREATE SCHEMA legacy_before");
        for (String table : LEGACY_TABLES) {
            execute(c, "CREATE TABLE legacy_before." + table + " AS TABLE " + table);
        }
    }

    /** Ids of the rows of the public table that are new or changed compared with its copy in legacy_before. */
    private static List<Long> changed(Connection c, String table) throws SQLException {
        return changed(c, table, "legacy_before." + table);
    }

    /** Ids of the rows of {@code table} whose text has no equal in {@code other}. */
    private static List<Long> changed(Connection c, String table, String other) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT t.id FROM " + table + " t "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + other + " o WHERE o.id = t.id AND o::text = t::text) ORDER BY 1")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    static List<Long> ids(List<Long> ids, long... more) {
        List<Long> all = new ArrayList<>(ids);
        for (long id : more) {
            all.add(id);
        }
        return all.stream().sorted().toList();
    }

    private static void assertViewEqualsFlatTable(Connection c) throws SQLException {
        assertSameRows(c, "v_patients_legacy vs patients_flat", "SELECT id::text, v::text FROM v_patients_legacy v",
                "SELECT id::text, p::text FROM patients_flat p");
        assertEquals(0L, scalar(c, "SELECT count(*) FROM ((TABLE v_patients_legacy) EXCEPT (TABLE patients_flat)) d"));
        assertEquals(0L, scalar(c, "SELECT count(*) FROM ((TABLE patients_flat) EXCEPT (TABLE v_patients_legacy)) d"));
    }

    /** Guards the comparison: rows without the generators' traps would prove little. */
    private static void assertGeneratedRowsCarryTraps(Connection c) {
        Map<String, String> traps = Map.of(
                "allergy gap", "SELECT 1 FROM patients WHERE allergy1 IS NULL AND allergy2 IS NOT NULL",
                "work extension without work phone", "SELECT 1 FROM patients WHERE phone_work IS NULL "
                        + "AND phone_work_ext IS NOT NULL",
                "prev2 without prev1", "SELECT 1 FROM patients WHERE prev1_address_line1 IS NULL AND prev1_city IS NULL "
                        + "AND prev1_from IS NULL AND prev2_address_line1 IS NOT NULL",
                "trailing spaces", "SELECT 1 FROM patients WHERE surname LIKE '% '",
                "orphan customer", "SELECT 1 FROM users WHERE is_customer AND company_id IS NULL",
                "duplicate e-mails", "SELECT 1 FROM users WHERE is_customer GROUP BY tenant_id, lower(email) "
                        + "HAVING count(*) > 2");
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        traps.forEach((trap, query) -> checks.add(
                () -> assertTrue(MigrationDb.count(c, query) > 0, "no row has the trap: " + trap)));
        assertAll(checks);
    }

    private static void timing(String what, long startNanos) {
        System.out.printf("[rollback-timing] %s in %d ms%n", what, (System.nanoTime() - startNanos) / 1_000_000);
    }
}
