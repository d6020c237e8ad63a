package dev.normalizer.patient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.normalizer.patient.columns.PatientColumn;
import dev.normalizer.patient.columns.PatientColumns;
import dev.normalizer.patient.model.PatientCore;
import dev.normalizer.patient.read.NormalizedPatientReader;
import dev.normalizer.patient.write.PatientInput;
import dev.normalizer.patient.write.PatientWriter;
import dev.normalizer.privacy.DataSubjects;
import dev.normalizer.privacy.Subject;
import dev.normalizer.privacy.SubjectEntity;
import dev.normalizer.privacy.SubjectType;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Patients as data subjects. Their data lives in patient_core and its child tables (which the view
 * {@code v_patients_legacy} shows) and, for patients of the legacy system, in the archived flat table
 * {@code patients_flat}, which an erasure or restriction updates too while it exists.
 */
@ApplicationScoped
public class PatientDataSubjects implements DataSubjects {

    /** What an erasure leaves in the columns that may not be empty. */
    static final String ERASED = "erased";
    private static final String LEGACY_COLUMNS = PatientColumns.ALL.stream().map(PatientColumn::name)
            .filter(name -> !name.equals("id")).collect(Collectors.joining(", "));
    /** The flat row becomes what the view shows of the tombstone, so no old value survives in it. */
    private static final String FLAT_FROM_VIEW = "UPDATE patients_flat f SET (" + LEGACY_COLUMNS + ") = (SELECT "
            + LEGACY_COLUMNS + " FROM v_patients_legacy v WHERE v.id = f.id) WHERE f.id = ?1";

    private final NormalizedPatientReader reader;
    private final PatientService service;
    private final PatientWriter writer;
    private final Clock clock;

    public PatientDataSubjects(NormalizedPatientReader reader, PatientService service, PatientWriter writer,
            Clock clock) {
        this.reader = reader;
        this.service = service;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public SubjectType type() {
        return SubjectType.PATIENT;
    }

    @Override
    public Optional<Subject> findSubject(int tenantId, long id) {
        return reader.findAnyEntity(tenantId, id).map(SubjectEntity::subject);
    }

    @Override
    public Map<String, Object> exportData(int tenantId, long id) {
        return Map.of("patient", PatientRecord.fromNormalized(patient(tenantId, id)));
    }

    @Override
    public List<String> rectify(int tenantId, long id, JsonNode changes) {
        PatientCore patient = patient(tenantId, id);
        Map<String, Object> before = PatientRecord.fromNormalized(patient).fields();
        service.mergePatch(patient, changes);
        Map<String, Object> after = PatientRecord.fromNormalized(patient).fields();
        return before.keySet().stream()
                .filter(key -> !key.equals("updatedAt") && !Objects.equals(before.get(key), after.get(key)))
                .toList();
    }

    @Override
    public void erase(int tenantId, long id) {
        PatientCore patient = patient(tenantId, id);
        writer.replacePatient(patient, erasedInput());
        patient.gdprRestricted = true;
        patient.erasedAt = OffsetDateTime.now(clock);
        Panache.getEntityManager().flush();
        if (flatTableExists()) {
            Panache.getEntityManager().createNativeQuery(FLAT_FROM_VIEW).setParameter(1, id).executeUpdate();
        }
    }

    @Override
    public void restrict(int tenantId, long id, boolean restricted) {
        patient(tenantId, id).gdprRestricted = restricted;
        Panache.getEntityManager().flush();
        if (flatTableExists()) {
            Panache.getEntityManager().createNativeQuery("UPDATE patients_flat SET gdpr_restricted = ?1 WHERE id = ?2")
                    .setParameter(1, restricted).setParameter(2, id).executeUpdate();
        }
    }

    private PatientCore patient(int tenantId, long id) {
        return reader.findAnyEntity(tenantId, id)
                .orElseThrow(() -> new IllegalStateException("patient " + id + " vanished inside its request"));
    }

    /** Every writable column empty, or at its neutral default, or {@value #ERASED} where a value is required. */
    private static PatientInput erasedInput() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        PatientColumns.ALL.stream().filter(c -> c.write() == PatientColumn.Write.REQUIRED)
                .forEach(c -> body.put(c.key(), ERASED));
        return PatientInput.parse(body);
    }

    private static boolean flatTableExists() {
        return (Boolean) Panache.getEntityManager()
                .createNativeQuery("SELECT to_regclass('patients_flat') IS NOT NULL").getSingleResult();
    }
}
