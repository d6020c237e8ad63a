package dev.normalizer.patient;

import dev.normalizer.audit.AuditLog;
import dev.normalizer.audit.AuditLog.Action;
import dev.normalizer.audit.AuditLog.Chain;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.ProblemException;
import dev.normalizer.common.ReadBack;
import dev.normalizer.common.References;
import dev.normalizer.patient.model.PatientCore;
import dev.normalizer.patient.read.LegacyPatientReader;
import dev.normalizer.patient.read.NormalizedPatientReader;
import dev.normalizer.patient.read.PatientReader;
import dev.normalizer.patient.write.PatientInput;
import dev.normalizer.patient.write.PatientWriter;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.shadow.ShadowReads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Patient use cases. Reads go through the reader of the request's path; writes go to the normalized tables in
 * one transaction and are read back through that same path, so the answer shows what the legacy view now shows.
 */
@ApplicationScoped
public class PatientService {

    /** The kind of record, in shadow-read metrics. */
    private static final String ENTITY = "patient";

    private final LegacyPatientReader legacyReader;
    private final NormalizedPatientReader normalizedReader;
    private final PatientWriter writer;
    private final ObjectMapper json;
    private final AuditLog audit;
    private final ShadowReads shadow;

    public PatientService(LegacyPatientReader legacyReader, NormalizedPatientReader normalizedReader,
            PatientWriter writer, ObjectMapper json, AuditLog audit, ShadowReads shadow) {
        this.legacyReader = legacyReader;
        this.normalizedReader = normalizedReader;
        this.writer = writer;
        this.json = json;
        this.audit = audit;
        this.shadow = shadow;
    }

    @Transactional
    public Optional<PatientRecord> findPatient(ReadPath path, int tenantId, long id) {
        Optional<PatientRecord> patient = reader(path).findPatient(tenantId, id);
        shadow.compare(ENTITY, tenantId, patient, () -> normalizedReader.findPatient(tenantId, id));
        return audit.recordRead(Chain.PATIENT, id, patient);
    }

    @Transactional
    public Page<PatientRecord> listPatients(ReadPath path, int tenantId, PatientFilter filter, PageRequest page) {
        Page<PatientRecord> patients = reader(path).listPatients(tenantId, filter, page);
        shadow.compare(ENTITY, tenantId, patients, () -> normalizedReader.listPatients(tenantId, filter, page));
        return audit.recordPage(Chain.PATIENT, patients, PatientRecord::id);
    }

    @Transactional
    public PatientRecord createPatient(ReadPath path, int tenantId, JsonNode body) {
        PatientInput.refuseServerSet(body, null);
        PatientInput input = PatientInput.parse(body);
        checkReferences(tenantId, input);
        PatientCore patient = writer.createPatient(tenantId, input);
        audit.record(Chain.PATIENT, Action.CREATE, patient.id);
        return readBack(path, tenantId, patient.id);
    }

    @Transactional
    public Optional<PatientRecord> replacePatient(ReadPath path, int tenantId, long id, JsonNode body) {
        Optional<PatientCore> patient = normalizedReader.findEntity(tenantId, id);
        if (patient.isEmpty()) {
            return Optional.empty();
        }
        PatientInput.refuseServerSet(body, current(patient.get()));
        PatientInput input = PatientInput.parse(body);
        checkReferences(tenantId, input);
        writer.replacePatient(patient.get(), input);
        audit.record(Chain.PATIENT, Action.UPDATE, id);
        return Optional.of(readBack(path, tenantId, id));
    }

    @Transactional
    public Optional<PatientRecord> patchPatient(ReadPath path, int tenantId, long id, JsonNode patch) {
        Optional<PatientCore> patient = normalizedReader.findEntity(tenantId, id);
        if (patient.isEmpty()) {
            return Optional.empty();
        }
        mergePatch(patient.get(), patch);
        audit.record(Chain.PATIENT, Action.UPDATE, id);
        return Optional.of(readBack(path, tenantId, id));
    }

    /**
     * RFC 7396: the patch is merged into the patient's current record, and the result replaces it. PATCH and a
     * rectification request both write this way.
     */
    void mergePatch(PatientCore patient, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ProblemException.badRequest("A merge patch must be a JSON object");
        }
        ObjectNode merged = current(patient);
        PatientInput.refuseServerSet(patch, merged);
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                merged.remove(field.getKey());
            } else {
                merged.set(field.getKey(), field.getValue());
            }
        });
        PatientInput input = PatientInput.parse(merged);
        checkReferences(patient.tenantId, input);
        writer.replacePatient(patient, input);
    }

    /** The patient as a read would give it. */
    private ObjectNode current(PatientCore patient) {
        return json.valueToTree(PatientRecord.fromNormalized(patient));
    }

    private PatientReader reader(ReadPath path) {
        return path == ReadPath.NORMALIZED ? normalizedReader : legacyReader;
    }

    private PatientRecord readBack(ReadPath path, int tenantId, long id) {
        ReadBack.flushAndClear();
        return reader(path).findPatient(tenantId, id)
                .orElseThrow(() -> new IllegalStateException("patient " + id + " vanished inside its own write"));
    }

    /** Rejects references the database would refuse, as a 400 naming the field instead of a failed insert. */
    private static void checkReferences(int tenantId, PatientInput input) {
        if (!References.tenantExists(tenantId)) {
            throw ProblemException.invalid("tenant", "is not a known tenant");
        }
        Object clinic = input.value("preferredClinicId");
        if (clinic != null && !References.clinicOfTenant(tenantId, (Integer) clinic)) {
            throw ProblemException.invalid("preferredClinicId", "is not a clinic of this tenant");
        }
    }
}
