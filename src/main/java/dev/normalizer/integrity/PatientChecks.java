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
                new IntegrityCheck("legacy-patient-rows", PatientChecks::legacyRowsReachedCore),
                new IntegrityCheck("patient-orphans", PatientChecks::noOrphans),
                new IntegrityCheck("legacy-patient-view", sql -> legacyViewReproducesFlatRows(sql,
                        legacyViewSampleSize)));
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
