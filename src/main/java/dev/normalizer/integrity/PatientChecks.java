package dev.normalizer.integrity;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks of the patient normalization (V2): every legacy row reached {@code patient_core}, no child row lost its
 * patient or has another tenant than its patient (V12), and {@code v_patients_legacy} still gives back the legacy
 * rows of patients nobody has written since.
 */
final class PatientChecks {

    /** The child tables of patient_core, each with what names one of its rows in a report. */
    private static final Map<String, String> CHILDREN = new LinkedHashMap<>();

    static {
        CHILDREN.put("patient_personal", "x.patient_id::text");
        for (String table : List.of("patient_contacts", "patient_address", "patient_family", "patient_insurance",
                "patient_allergies", "patient_medications", "patient_conditions")) {
            CHILDREN.put(table, "x.id::text");
        }
        CHILDREN.put("patient_gp", "x.patient_id::text");
    }

    /** The tables of a patient's rows beside {@code patient_core}, each with {@code patient_id}. */
    static final List<String> CHILD_TABLES = List.copyOf(CHILDREN.keySet());

    /**
     * SYSTEM sampling picks whole pages, and patients written since the migration drop out of the sample, so
     * twice the wanted rows are drawn before the random pick.
     */
    private static final int OVERSAMPLING = 2;
    /** Rows of each child table that {@code patient-child-tenants} reads, about. */
    static final int CHILD_TENANT_SAMPLE_ROWS = 10_000;

    private PatientChecks() {
    }

    static List<IntegrityCheck> all(int legacyViewSampleSize) {
        return List.of(
                new IntegrityCheck("patient-online-expand", PatientChecks::onlineExpandInPlace),
                new IntegrityCheck("legacy-patient-rows", PatientChecks::legacyRowsReachedCore),
                new IntegrityCheck("patient-orphans", PatientChecks::noOrphans),
                new IntegrityCheck("patient-child-tenants", PatientChecks::childrenHaveTheirPatientsTenant),
                new IntegrityCheck("legacy-patient-view", sql -> legacyViewReproducesFlatRows(sql,
                        legacyViewSampleSize)));
    }

    /**
     * V2's online expand is whole: its backfill finished, and the legacy application's writes reach the normalized
     * tables. After the cutover that takes the compatibility view {@code patients} with its INSTEAD OF trigger;
     * before it, the three sync triggers on the flat table. A disabled trigger counts as missing.
     */
    private static Findings onlineExpandInPlace(CheckSql sql) throws SQLException {
        if (!sql.hasTable("patient_backfill")) {
            return Findings.notApplicable("patient_backfill is gone: the contract step removed the legacy way in");
        }
        Map<String, Object> figures = sql.counts("""
                SELECT b.rows_copied, b.backfilled_at IS NOT NULL AS backfilled, b.cut_over_at IS NOT NULL AS cut_over,
                       (SELECT count(*) FROM pg_trigger t
                        WHERE t.tgrelid = to_regclass('patients') AND NOT t.tgisinternal AND t.tgenabled <> 'D'
                          AND t.tgname IN ('patients_write', 'patients_sync_insert', 'patients_sync_update',
                                           'patients_sync_delete')) AS sync_triggers
                FROM patient_backfill b""");
        boolean cutOver = Boolean.TRUE.equals(figures.get("cut_over"));
        long triggers = ((Number) figures.get("sync_triggers")).longValue();
        boolean up = Boolean.TRUE.equals(figures.get("backfilled")) && triggers == (cutOver ? 1 : 3);
        return new Findings(up, figures, List.of());
    }

    /** Patients created through the API exist only in patient_core, so only flat-to-core is a rule. */
    private static Findings legacyRowsReachedCore(CheckSql sql) throws SQLException {
        if (!sql.hasTable("patients_flat")) {
            return Findings.notApplicable("patients_flat is gone");
        }
        return sql.offenders(sql.counts("""
                SELECT (SELECT count(*) FROM patients_flat) AS patients_flat,
                       (SELECT count(*) FROM patient_core) AS patient_core"""),
                List.of("missing_in_core"), """
                SELECT 'missing_in_core', 'patients_flat', f.id FROM patients_flat f
                WHERE NOT EXISTS (SELECT 1 FROM patient_core c WHERE c.id = f.id)""");
    }

    /** One figure per child table: its rows whose patient is missing. */
    private static Findings noOrphans(CheckSql sql) throws SQLException {
        return sql.offenders(Map.of(), CHILD_TABLES,
                CheckSql.orphans("patient_core", "patient_id", CHILDREN));
    }

    /**
     * One figure per child table: rows whose tenant_id (V12) is not their patient's, which the row-level security
     * policy would show to the wrong tenant. The foreign keys to patient_core (id, tenant_id) refuse such a row (the
     * check {@code indexes-and-foreign-keys} requires them); this finds rows written with the keys off
     * ({@code session_replication_role = replica}). Every row would mean reading all child rows, 1.3 s at 200,000
     * patients (3 million child rows) and so several seconds at a million, beyond the whole suite's 2 s; so each table
     * is sampled ({@code TABLESAMPLE SYSTEM}, about {@value #CHILD_TENANT_SAMPLE_ROWS} rows; 0.16 to 0.3 s at 200,000
     * patients, and about as long at any size): a wrong tenant written in bulk shows at once, a single row only when
     * sampled. Tables smaller than that are read whole.
     */
    private static Findings childrenHaveTheirPatientsTenant(CheckSql sql) throws SQLException {
        if (!sql.hasColumn("patient_personal", "tenant_id")) {
            return Findings.notApplicable("the patient child tables have no tenant_id before V12");
        }
        List<String> samples = new ArrayList<>();
        for (Map.Entry<String, String> child : CHILDREN.entrySet()) {
            double rows = ((Number) sql.value("SELECT reltuples FROM pg_class WHERE oid = ?::regclass",
                    child.getKey())).doubleValue();
            double percent = rows <= CHILD_TENANT_SAMPLE_ROWS ? 100 : 100.0 * CHILD_TENANT_SAMPLE_ROWS / rows;
            // A lookup per sampled row, not a join: joined, PostgreSQL hashes all of patient_core for the sample.
            // A row whose patient is missing is patient-orphans' finding, not this one's (the comparison is NULL).
            samples.add("""
                    SELECT '%1$s', '%1$s', %2$s FROM %1$s x TABLESAMPLE SYSTEM (%3$s)
                    WHERE x.tenant_id <> (SELECT p.tenant_id FROM patient_core p WHERE p.id = x.patient_id)"""
                    .formatted(child.getKey(), child.getValue(), String.format(Locale.ROOT, "%.6f", percent)));
        }
        return sql.offenders(Map.of("sample_rows_per_table", CHILD_TENANT_SAMPLE_ROWS),
                CHILD_TABLES, String.join("\nUNION ALL\n", samples));
    }

    /**
     * Compares the flat rows of a random sample of patients not written since the migration (their
     * {@code updated_at} is still the legacy one) with what the view makes of them.
     */
    private static Findings legacyViewReproducesFlatRows(CheckSql sql, int sampleSize) throws SQLException {
        if (!sql.hasTable("patients_flat") || !sql.hasTable("v_patients_legacy")) {
            return Findings.notApplicable("patients_flat or v_patients_legacy is gone");
        }
        double rows = ((Number) sql.value(
                "SELECT reltuples FROM pg_class WHERE oid = 'patients_flat'::regclass")).doubleValue();
        double percent = rows <= 0 ? 100 : Math.min(100, 100.0 * sampleSize * OVERSAMPLING / rows);
        Object[] ids = (Object[]) sql.value("""
                SELECT coalesce(array_agg(id), '{}') FROM (
                  SELECT f.id FROM patients_flat f TABLESAMPLE SYSTEM (%s)
                  JOIN patient_core c ON c.id = f.id
                  WHERE c.updated_at IS NOT DISTINCT FROM f.updated_at
                  ORDER BY random() LIMIT ?) AS s""".formatted(percent), sampleSize);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("sample_size", sampleSize);
        figures.put("sampled", ids.length);
        Array sample = sql.array("bigint", ids);
        return sql.offenders(figures, List.of("differing"), """
                SELECT 'differing', 'patients_flat', d.id FROM (
                  SELECT * FROM patients_flat WHERE id = ANY (?)
                  EXCEPT
                  SELECT * FROM v_patients_legacy WHERE id = ANY (?)) AS d""", sample, sample);
    }
}
