package dev.normalizer.patient.read;

import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.ReadOnlyLoads;
import dev.normalizer.patient.PatientFilter;
import dev.normalizer.patient.PatientRecord;
import dev.normalizer.patient.model.PatientCore;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The normalized read path, through the Panache entities. A patient, or a whole page, costs a fixed number of
 * statements: the root with its one-to-one rows fetch-joined, then one batch query per repeating group
 * ({@code quarkus.hibernate-orm.fetch.batch-size}), whatever the page size. What a read loads is read-only
 * ({@link ReadOnlyLoads}).
 */
@ApplicationScoped
public class NormalizedPatientReader implements PatientReader {

    private static final String FETCH = "from PatientCore p join fetch p.personal left join fetch p.gp where ";

    /** The managed entity of a patient of this tenant that is not restricted, for reading or for a write. */
    public Optional<PatientCore> findEntity(int tenantId, long id) {
        return PatientCore.<PatientCore>find(FETCH + "p.id = :id and p.tenantId = :tenant and p.gdprRestricted = false",
                Parameters.with("id", id).and("tenant", tenantId)).firstResultOptional();
    }

    /** The managed entity of a patient of this tenant, restricted or erased or not: for data-subject requests. */
    public Optional<PatientCore> findAnyEntity(int tenantId, long id) {
        return PatientCore.<PatientCore>find(FETCH + "p.id = :id and p.tenantId = :tenant",
                Parameters.with("id", id).and("tenant", tenantId)).firstResultOptional();
    }

    @Override
    public Optional<PatientRecord> findPatient(int tenantId, long id) {
        return ReadOnlyLoads.during(() -> findEntity(tenantId, id).map(PatientRecord::fromNormalized));
    }

    @Override
    public Page<PatientRecord> listPatients(int tenantId, PatientFilter filter, PageRequest page) {
        return ReadOnlyLoads.during(() -> list(tenantId, filter, page));
    }

    private Page<PatientRecord> list(int tenantId, PatientFilter filter, PageRequest page) {
        Parameters params = Parameters.with("tenant", tenantId);
        StringBuilder where = new StringBuilder("p.tenantId = :tenant and p.gdprRestricted = false");
        for (PatientFilter.Condition condition : filter.conditions()) {
            where.append(" and ").append(condition.hql("p"));
            params.and(condition.property(), condition.value());
        }
        long total = PatientCore.count("from PatientCore p where " + where, params);
        List<PatientRecord> items = PatientCore.<PatientCore>find(FETCH + where + " order by p.id", params)
                .range(page.offset(), page.offset() + page.size() - 1)
                .list().stream()
                .map(PatientRecord::fromNormalized)
                .toList();
        return new Page<>(items, page.page(), page.size(), total);
    }
}
