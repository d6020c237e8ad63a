package dev.normalizer.integrity;

import java.sql.Array;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of the patient normalization (V2): every legacy row reached {@code patient_core}, no child row lost its
 * patient, and {@code v_patients_legacy} still gives back the legacy rows of patients nobody has written since.
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

    /**
     * SYSTEM sampling picks whole pages, and patients written since the migration drop out of the sample, so
     * twice the wanted rows are drawn before the random pick.
     */
    private static final int OVERSAMPLING = 2;

    private PatientChecks() {
    }

    static List<IntegrityCheck> all(int legacyViewSampleSize) {
        return List.of(
                new IntegrityCheck("patient-online-expand", PatientChecks::onlineExpandInPlace),
                new IntegrityCheck("legacy-patient-rows", PatientChecks::legacyRowsReachedCore),
                new IntegrityCheck("patient-orphans", PatientChecks::noOrphans),
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
        return sql.offenders(Map.of(), List.copyOf(CHILDREN.keySet()),
                CheckSql.orphans("patient_core", "patient_id", CHILDREN));
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
