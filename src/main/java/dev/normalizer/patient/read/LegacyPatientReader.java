package dev.normalizer.patient.read;

import dev.normalizer.common.Jdbc;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.patient.PatientFilter;
import dev.normalizer.patient.PatientRecord;
import dev.normalizer.patient.columns.PatientColumn;
import dev.normalizer.patient.columns.PatientColumns;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The legacy read path: the view {@code v_patients_legacy}, exactly as the old flat table looked. Restricted
 * patients (GDPR) are left out, as on the normalized path.
 */
@ApplicationScoped
public class LegacyPatientReader implements PatientReader {

    private static final String SELECT = "SELECT " + PatientColumns.ALL.stream().map(PatientColumn::name)
            .collect(Collectors.joining(", "))
            + ", (SELECT pc.public_id FROM patient_core pc WHERE pc.id = v_patients_legacy.id) FROM v_patients_legacy";

    private final Jdbc jdbc;

    public LegacyPatientReader(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<PatientRecord> findPatient(int tenantId, long id) {
        return jdbc.select(SELECT + " WHERE id = ? AND tenant_id = ? AND NOT gdpr_restricted", List.of(id, tenantId), PatientRecord::fromLegacyRow)
                .stream().findFirst();
    }

    @Override
    public Page<PatientRecord> listPatients(int tenantId, PatientFilter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ? AND NOT gdpr_restricted");
        params.add(tenantId);
        for (PatientFilter.Condition condition : filter.conditions()) {
            String column = condition.column().name();
            where.append(condition.ignoreCase() ? " AND lower(" + column + ") = lower(?)" : " AND " + column + " = ?");
            params.add(condition.value());
        }
        return jdbc.page(SELECT + where, "id", params, page, PatientRecord::fromLegacyRow);
    }
}
