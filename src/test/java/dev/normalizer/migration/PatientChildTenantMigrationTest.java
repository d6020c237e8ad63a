package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.flyway;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import db.migration.V12__patient_child_tenant_ids;
import dev.normalizer.testsupport.BesideQuarkusTests;
import dev.normalizer.testsupport.TestDatabase;
import java.io.File;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * V12: every patient child row carries its patient's tenant_id, whoever writes it, and its policy compares that
 * column: the service's role still sees and writes only its tenant's child rows, and reading a patient no longer
 * looks the patient up again for every child table.
 */
@BesideQuarkusTests
class PatientChildTenantMigrationTest {

    private static final String V12 = "12";
    /** The expand migration before V12. */
    private static final String BEFORE_V12 = versionBefore(12);
    private static final List<String> CHILDREN = V12__patient_child_tenant_ids.CHILD_TABLES;
    /** db.migration.OnlineSteps.BATCH_SIZE_PROPERTY, given to the migrating child JVM only. */
    private static final String BATCH_SIZE_PROPERTY = "normalizer.migration.batch-size";

    @Test
    void everyChildRowHasItsPatientsTenantAndKeepsIt() throws SQLException {
        String db = legacyDatabase();
        migrate(db, V12);
        try (Connection c = TestDatabase.connect(db)) {
            assertTrue(scalar(c, "SELECT count(DISTINCT tenant_id) FROM patient_core") > 1, "the fixture has tenants");
            assertAll(CHILDREN.stream().map(table -> (Executable) () -> {
                assertTrue(scalar(c, "SELECT count(*) FROM " + table) > 0, table + " has rows in the fixture");
                assertEquals(0, mismatches(c, table), table + ": rows whose tenant is not their patient's");
                assertEquals("t", string(c, "SELECT attnotnull FROM pg_attribute WHERE attrelid = '" + table
                        + "'::regclass AND attname = 'tenant_id'"), table + ".tenant_id NOT NULL");
                assertEquals("t", string(c, "SELECT convalidated FROM pg_constraint WHERE conname = '" + table
                        + "_patient_tenant_fkey'"), table + ": the foreign key to (id, tenant_id), validated");
                assertEquals("(tenant_id = current_tenant_id()) (tenant_id = current_tenant_id())", string(c,
                        "SELECT pg_get_expr(polqual, polrelid) || ' ' || pg_get_expr(polwithcheck, polrelid) "
                                + "FROM pg_policy WHERE polrelid = '" + table + "'::regclass"), table + "'s policy");
            }));
            assertEquals(0, scalar(c, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"));

            String owner = "UPDATE patient_allergies SET tenant_id = 3 - tenant_id WHERE id = "
                    + "(SELECT min(id) FROM patient_allergies)";
            assertEquals("23503", sqlState(c, owner), "not even the owner can give a row another tenant");
        }
    }

    /** The legacy application writes through the view patients, whose trigger writes the children. */
    @Test
    void legacyWritesThroughPatientsFillTheTenantAndAMoveCarriesIt() throws SQLException {
        String db = legacyDatabase();
        migrate(db, V12);
        try (Connection c = TestDatabase.connect(db)) {
            long id = scalar(c, """
                    INSERT INTO patients (tenant_id, first_name, surname, phone_mobile, city, next_of_kin_name, gp_name,
                                          insurance1_provider, allergy1, medication1, condition1)
                    VALUES (2, 'Nora', 'Legacy', '+353 1 555 0101', 'Galway', 'Sean', 'Dr Byrne', 'VHI', 'latex',
                            'aspirin', 'asthma')
                    RETURNING id""");
            assertEquals("2 2 2 2 2 2 2 2 2", tenantsOfChildren(c, id), "one row per child table, each of tenant 2");

            execute(c, "UPDATE patients SET tenant_id = 1, allergy2 = 'pollen' WHERE id = " + id);
            assertEquals("1 1 1 1 1 1 1 1 1", tenantsOfChildren(c, id), "a legacy move: upserted and rewritten rows");
            assertEquals(2, scalar(c, "SELECT count(*) FROM patient_allergies WHERE patient_id = " + id
                    + " AND tenant_id = 1"));

            execute(c, "UPDATE patient_core SET tenant_id = 2 WHERE id = " + id);
            assertEquals("2 2 2 2 2 2 2 2 2", tenantsOfChildren(c, id), "a move in patient_core cascades");
            assertEquals(0, CHILDREN.stream().mapToLong(t -> mismatches(c, t)).sum());
        }
    }

    @Test
    void theServicesRoleSeesAndWritesOnlyItsTenantsChildRows() throws SQLException {
        String db = legacyDatabase();
        migrate(db, V12);
        long theirPatient;
        long ourPatient;
        try (Connection c = TestDatabase.connect(db)) {
            theirPatient = withAllergiesButNoFifth(c, 2);
            ourPatient = withAllergiesButNoFifth(c, 1);
            for (String table : CHILDREN) {
                long ours = scalar(c, "SELECT count(*) FROM " + table + " x JOIN patient_core p "
                        + "ON p.id = x.patient_id WHERE p.tenant_id = 1");
                long seen = asTenant1(db, s -> scalar(s, "SELECT count(*) FROM " + table));
                assertEquals(ours, seen, table + " without a filter, as the service with tenant 1");
            }
        }
        asTenant1(db, s -> {
            assertAll(
                    () -> assertEquals(0, scalar(s, "SELECT count(*) FROM patient_allergies WHERE patient_id = "
                            + theirPatient)),
                    () -> assertEquals("42501", sqlState(s, "INSERT INTO patient_allergies (patient_id, slot, "
                            + "allergen) VALUES (" + theirPatient + ", 5, 'x')")),
                    () -> assertEquals("42501", sqlState(s, "INSERT INTO patient_allergies (patient_id, tenant_id, "
                            + "slot, allergen) VALUES (" + theirPatient + ", 1, 5, 'x')"), "a tenant_id of ours"),
                    () -> assertEquals("42501", sqlState(s, "UPDATE patient_allergies SET patient_id = " + theirPatient
                            + " WHERE patient_id = " + ourPatient), "moved to their patient"),
                    () -> assertEquals("42501", sqlState(s, "UPDATE patient_allergies SET tenant_id = 2 "
                            + "WHERE patient_id = " + ourPatient), "moved to their tenant"),
                    () -> assertEquals(1, scalar(s, "WITH n AS (INSERT INTO patient_allergies (patient_id, slot, "
                            + "allergen) VALUES (" + ourPatient + ", 5, 'x') RETURNING tenant_id) SELECT * FROM n"),
                            "a row for our own patient gets our tenant"));
            return null;
        });
    }

    /**
     * kill -9 of the migrating JVM in the middle of the backfill (batches of one patient, a child row of the last
     * patient held locked meanwhile, so that it is still running); the legacy application writes on; a new start
     * finishes the job.
     */
    @Test
    void killedInTheMiddleOfTheBackfillARerunCompletesIt() throws Exception {
        String db = legacyDatabase();
        migrate(db, BEFORE_V12);
        try (Connection c = TestDatabase.connect(db); Connection legacy = TestDatabase.connect(db)) {
            long childRows = CHILDREN.stream().mapToLong(t -> count(c, t)).sum();
            long lastPatient = scalar(c, "SELECT max(patient_id) FROM patient_contacts");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder(java, "-D" + BATCH_SIZE_PROPERTY + "=1", "-cp",
                    System.getProperty("java.class.path"), MigrationDb.class.getName(), TestDatabase.jdbcUrl(db), V12)
                    .redirectErrorStream(true).redirectOutput(new File("target/child-tenant-killed-" + db + ".log"))
                    .start();
            try {
                awaitTrue(c, "SELECT count(*) > 0 FROM pg_trigger WHERE tgname = 'patient_conditions_tenant_id'");
                legacy.setAutoCommit(false);
                execute(legacy, "SELECT * FROM patient_contacts WHERE patient_id = " + lastPatient + " FOR UPDATE");
                awaitTrue(c, "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND wait_event_type = 'Lock'");
                long filled = CHILDREN.stream()
                        .mapToLong(t -> scalarOrFail(c, "SELECT count(tenant_id) FROM " + t)).sum();
                assertTrue(filled > 0 && filled < childRows, filled + " of " + childRows + " child rows backfilled");
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            legacy.commit();
            // Meanwhile the legacy application goes on: a new patient, and a backfilled one moved.
            long late = scalar(c, "INSERT INTO patients (tenant_id, first_name, surname, allergy1) "
                    + "VALUES (2, 'Late', 'Arrival', 'latex') RETURNING id");
            execute(c, "UPDATE patients SET tenant_id = 3 - tenant_id WHERE id = (SELECT min(id) FROM patients)");

            flyway(db, V12).repair();
            assertTrue(migrate(db, V12).success, "the new start");

            assertAll(
                    () -> assertEquals(0, CHILDREN.stream().mapToLong(t -> mismatches(c, t)).sum(),
                            "every child row has its patient's tenant"),
                    () -> assertEquals(childRows + CHILDREN.stream().mapToLong(t -> scalarOrFail(c, "SELECT count(*) "
                            + "FROM " + t + " WHERE patient_id = " + late)).sum(),
                            CHILDREN.stream().mapToLong(t -> count(c, t)).sum(), "no row lost or doubled"),
                    () -> assertEquals(1, scalar(c, "SELECT count(*) FROM flyway_schema_history WHERE version = '12' "
                            + "AND success")),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM pg_constraint WHERE conname LIKE "
                            + "'patient\\_%\\_patient_tenant_fkey' AND NOT convalidated")),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM pg_index WHERE NOT indisvalid")));
        }
    }

    /** The policies of V9 looked each child row's patient up (a SubPlan on patient_core per child table). */
    @Test
    void theLegacyViewByIdNoLongerLooksThePatientUpForEachChildTable() throws SQLException {
        String db = legacyDatabase();
        migrate(db, BEFORE_V12);
        long id;
        try (Connection c = TestDatabase.connect(db)) {
            id = scalar(c, "SELECT min(id) FROM patient_core WHERE tenant_id = 1");
        }
        String query = "EXPLAIN (COSTS OFF) SELECT * FROM v_patients_legacy WHERE id = " + id;
        String before = asTenant1(db, s -> plan(s, query));
        assertTrue(scansOfPatientCore(before) > 1, "before V12, the policies' lookups:\n" + before);

        migrate(db, V12);
        String after = asTenant1(db, s -> plan(s, query));
        long found = asTenant1(db, s -> scalar(s, "SELECT count(*) FROM v_patients_legacy WHERE id = " + id));
        assertAll(() -> assertEquals(1, scansOfPatientCore(after), after),
                () -> assertTrue(!after.contains("SubPlan"), after),
                () -> assertEquals(1, found, "and the patient is still there"));
    }

    /** A patient of the tenant with allergies, but none in slot 5: the slot the tests write. */
    private static long withAllergiesButNoFifth(Connection c, int tenant) throws SQLException {
        return scalar(c, "SELECT min(a.patient_id) FROM patient_allergies a JOIN patient_core p ON p.id = a.patient_id "
                + "WHERE p.tenant_id = " + tenant + " AND NOT EXISTS (SELECT 1 FROM patient_allergies b "
                + "WHERE b.patient_id = a.patient_id AND b.slot = 5)");
    }

    private static String versionBefore(int version) {
        try {
            return String.valueOf(MigrationDb.expandMigrations().headMap(version).lastKey());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long scansOfPatientCore(String plan) {
        return plan.lines().filter(line -> line.matches(".* on patient_core( .*)?")).count();
    }

    private static String plan(Connection c, String explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (var s = c.createStatement(); var rows = s.executeQuery(explain)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    /** The tenant of each child table's rows of the patient, in table order ("?" for none, "*" for several). */
    private static String tenantsOfChildren(Connection c, long patient) throws SQLException {
        StringBuilder tenants = new StringBuilder();
        for (String table : CHILDREN) {
            String t = string(c, "SELECT CASE WHEN count(DISTINCT tenant_id) > 1 THEN '*' ELSE "
                    + "coalesce(min(tenant_id)::text, '?') END FROM " + table + " WHERE patient_id = " + patient);
            tenants.append(tenants.isEmpty() ? "" : " ").append(t);
        }
        return tenants.toString();
    }

    private static long mismatches(Connection c, String table) {
        return scalarOrFail(c, "SELECT count(*) FROM " + table + " x LEFT JOIN patient_core p ON p.id = x.patient_id "
                + "WHERE x.tenant_id IS DISTINCT FROM p.tenant_id");
    }

    private static long count(Connection c, String table) {
        return scalarOrFail(c, "SELECT count(*) FROM " + table);
    }

    private static long scalarOrFail(Connection c, String sql) {
        try {
            return scalar(c, sql);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    /** The SQLSTATE the statement fails with (behind a savepoint, so the transaction goes on), or "none". */
    private static String sqlState(Connection c, String sql) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        Savepoint savepoint = c.setSavepoint();
        try {
            execute(c, sql);
            return "none";
        } catch (SQLException e) {
            return e.getSQLState();
        } finally {
            c.rollback(savepoint);
            if (autoCommit) {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** As the service's role, in a transaction of tenant 1, rolled back after. */
    private static <T> T asTenant1(String db, MigrationDb.Work<T> work) throws SQLException {
        return MigrationDb.asService(db, 1, work);
    }

    private static void awaitTrue(Connection c, String sql) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        while (!"t".equals(string(c, sql))) {
            if ((System.nanoTime() - start) / 1_000_000 > 60_000) {
                throw new AssertionError("not within 60 s: " + sql);
            }
            Thread.sleep(5);
        }
    }
}
