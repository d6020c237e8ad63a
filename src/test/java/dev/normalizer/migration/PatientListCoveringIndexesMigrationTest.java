package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.flyway;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.patient.PatientFilter;
import dev.normalizer.patient.read.PatientChoice;
import dev.normalizer.testsupport.BesideQuarkusTests;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * V11: a filtered patient list counts its total and chooses its page from the filter's index alone (an Index Only
 * Scan that fetches nothing from the table), as the service's role under row-level security, whichever patients
 * RESTRICTED_RECORDS serves, once the table is vacuumed; and a V11 that failed half-way runs again after
 * {@code repair}.
 */
@BesideQuarkusTests
class PatientListCoveringIndexesMigrationTest {

    /** Enough for the planner to prefer an index over reading the table, few enough to take a few seconds. */
    private static final int PATIENTS = 5_000;
    private static final List<String> INDEXES = List.of("patient_core_tenant_id_idx",
            "patient_core_tenant_surname_key_idx", "patient_core_tenant_first_name_idx", "patient_core_tenant_dob_idx",
            "patient_core_tenant_mrn_idx");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One list filter: the index it must use, and the column of patient_core it compares. */
    private enum ListFilter {
        SURNAME("patient_core_tenant_surname_key_idx", "surname_key"),
        FIRST_NAME("patient_core_tenant_first_name_idx", "first_name"),
        DATE_OF_BIRTH("patient_core_tenant_dob_idx", "date_of_birth"),
        MRN("patient_core_tenant_mrn_idx", "mrn");

        final String index;
        final String column;

        ListFilter(String index, String column) {
            this.index = index;
            this.column = column;
        }

        PatientFilter with(String value) {
            return switch (this) {
                case SURNAME -> new PatientFilter(value, null, null, null);
                case FIRST_NAME -> new PatientFilter(null, value, null, null);
                case DATE_OF_BIRTH -> new PatientFilter(null, null, LocalDate.parse(value), null);
                case MRN -> new PatientFilter(null, null, null, value);
            };
        }
    }

    @Test
    void everyFilteredListIsCountedAndPagedFromItsIndexAloneInBothServedModes() throws Exception {
        String db = generatedDatabase();
        try (Connection owner = TestDatabase.connect(db); Connection service = TestDatabase.connectAsService(db)) {
            execute(owner, "VACUUM (ANALYZE) patient_core");
            service.setAutoCommit(false);
            List<Executable> checks = new ArrayList<>();
            for (RestrictedRecords.Mode mode : RestrictedRecords.Mode.values()) {
                RestrictedRecords restricted = () -> mode;
                for (ListFilter filter : ListFilter.values()) {
                    String served = restricted.servedSql("k");
                    String matching = " FROM patient_core k WHERE k.tenant_id = 1 AND " + served + " AND k."
                            + filter.column;
                    String value = string(owner, "SELECT k." + filter.column + "::text" + matching
                            + " IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
                    long expected = scalar(owner, "SELECT count(*)" + matching + "::text = '"
                            + value.replace("'", "''") + "'");
                    PatientChoice choice = PatientChoice.of(served, 1, filter.with(value), new PageRequest(1, 20));
                    String what = mode + ", " + filter + " = " + value;
                    JsonNode plan = explain(service, choice);
                    List<JsonNode> scans = scansOfPatientCore(plan, new ArrayList<>());
                    long total = total(service, choice);
                    checks.add(() -> assertEquals(expected, total, what + ": the total"));
                    checks.add(() -> assertEquals(2, scans.size(), what + ": the count and the page:\n" + plan));
                    for (JsonNode scan : scans) {
                        checks.add(() -> assertEquals("Index Only Scan " + filter.index + ", heap fetches 0",
                                scan.path("Node Type").asText() + " " + scan.path("Index Name").asText()
                                        + ", heap fetches " + scan.path("Heap Fetches").asText(), what + ":\n" + plan));
                    }
                }
            }
            assertAll(checks);
        }
    }

    @Test
    void aV11ThatFailedHalfWayRunsAgainAfterRepair() throws SQLException {
        String db = legacyDatabase();
        migrate(db, "10");
        try (Connection c = TestDatabase.connect(db)) {
            execute(c, "CREATE TABLE patient_core_tenant_mrn_v11_idx (id int)"); // the name of the last build, taken

            assertThrows(FlywayException.class, () -> migrate(db, "11"));
            assertEquals("11 failed", string(c, "SELECT version || CASE WHEN success THEN ' applied' ELSE ' failed' "
                    + "END FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1"));

            execute(c, "DROP TABLE patient_core_tenant_mrn_v11_idx");
            flyway(db, "11").repair();
            assertEquals(1, migrate(db, "11").migrationsExecuted);
            for (String index : INDEXES) {
                assertTrue(string(c, "SELECT pg_get_indexdef('" + index + "'::regclass)")
                        .endsWith(", id) INCLUDE (erased_at, gdpr_restricted)"),
                        index + " covers the served condition");
            }
            assertEquals(0L, scalar(c, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "no invalid leftovers");
            assertFalse(string(c, "SELECT coalesce(string_agg(relname, ','), '') FROM pg_class "
                    + "WHERE relname LIKE '%\\_v11\\_idx'").contains("v11"), "no index left under its building name");
            assertEquals("{autovacuum_vacuum_scale_factor=0.01,autovacuum_vacuum_insert_scale_factor=0.01}",
                    string(c, "SELECT reloptions::text FROM pg_class WHERE oid = 'patient_core'::regclass"));
        }
    }

    private static String generatedDatabase() throws SQLException {
        String db = MigrationDb.generatedLegacyDatabase(PATIENTS);
        migrate(db, MigrationDb.LAST_EXPAND_VERSION);
        return db;
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of the statement as the service runs it: its role, tenant 1 set. */
    private static JsonNode explain(Connection service, PatientChoice choice) throws Exception {
        try (PreparedStatement s = asTenant1(service, "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + choice.sql(),
                choice); ResultSet rows = s.executeQuery()) {
            rows.next();
            return JSON.readTree(rows.getString(1)).get(0).get("Plan");
        } finally {
            service.rollback();
        }
    }

    private static long total(Connection service, PatientChoice choice) throws SQLException {
        try (PreparedStatement s = asTenant1(service, choice.sql(), choice); ResultSet rows = s.executeQuery()) {
            rows.next();
            return PatientChoice.chosen(rows).total();
        } finally {
            service.rollback();
        }
    }

    private static PreparedStatement asTenant1(Connection service, String sql, PatientChoice choice)
            throws SQLException {
        execute(service, "SELECT set_config('app.tenant_id', '1', true)");
        PreparedStatement s = service.prepareStatement(sql);
        for (int i = 0; i < choice.params().size(); i++) {
            s.setObject(i + 1, choice.params().get(i));
        }
        return s;
    }

    /** Every node of the plan that reads patient_core. */
    private static List<JsonNode> scansOfPatientCore(JsonNode node, List<JsonNode> found) {
        if ("patient_core".equals(node.path("Relation Name").asText())) {
            found.add(node);
        }
        node.path("Plans").forEach(child -> scansOfPatientCore(child, found));
        return found;
    }
}
