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

    /**
     * The page is chosen on {@code patient_core}, whose rows the view shows one for one and whose columns the
     * filters compare: there the filters can use their indexes under row-level security, where through the view's
     * ten lateral joins a filtered list read every row of the tenant. Then the page's rows come from the view.
     */
    @Override
    public Page<PatientRecord> listPatients(int tenantId, PatientFilter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" FROM patient_core k WHERE k.tenant_id = ? AND NOT k.gdpr_restricted");
        params.add(tenantId);
        for (PatientFilter.Condition condition : filter.conditions()) {
            where.append(" AND ").append(condition.sql("k"));
            params.add(condition.value());
        }
        long total = jdbc.count("SELECT count(*)" + where, params);
        List<Object> paged = new ArrayList<>(params);
        paged.add(page.size());
        paged.add(page.offset());
        Long[] ids = jdbc.select("SELECT k.id" + where + " ORDER BY k.id LIMIT ? OFFSET ?", paged,
                row -> row.getLong(1)).toArray(Long[]::new);
        List<PatientRecord> items = ids.length == 0 ? List.of()
                : jdbc.select(SELECT + " WHERE id = ANY (?) ORDER BY id", List.of((Object) ids),
                        PatientRecord::fromLegacyRow);
        return new Page<>(items, page.page(), page.size(), total);
    }
}
