package dev.normalizer.patient;

import dev.normalizer.audit.AuditLog;
import dev.normalizer.audit.AuditLog.Action;
import dev.normalizer.audit.AuditLog.Chain;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.normalizer.auth.Caller;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.ProblemException;
import dev.normalizer.common.References;
import dev.normalizer.patient.model.PatientCore;
import dev.normalizer.patient.read.NormalizedPatientReader;
import dev.normalizer.patient.write.PatientInput;
import dev.normalizer.patient.write.PatientWriter;
import dev.normalizer.reads.Reads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Patient use cases. Reads go through the dual read ({@link Reads}), which serves the request's path, shadows and
 * audits them; writes go to the normalized tables in one transaction and are read back through that same path, so
 * the answer shows what the legacy view now shows. The tenant is the caller's.
 */
@ApplicationScoped
public class PatientService {

    private final Reads reads;
    private final NormalizedPatientReader normalizedReader;
    private final PatientWriter writer;
    private final ObjectMapper json;
    private final AuditLog audit;
    private final Caller caller;

    public PatientService(Reads reads, NormalizedPatientReader normalizedReader, PatientWriter writer,
            ObjectMapper json, AuditLog audit, Caller caller) {
        this.reads = reads;
        this.normalizedReader = normalizedReader;
        this.writer = writer;
        this.json = json;
        this.audit = audit;
        this.caller = caller;
    }

    public Optional<PatientRecord> findPatient(long id) {
        return reads.find(PatientRecord.KIND, id);
    }

    public Page<PatientRecord> listPatients(PatientFilter filter, PageRequest page) {
        return reads.list(PatientRecord.KIND, filter, page);
    }

    @Transactional
    public PatientRecord createPatient(JsonNode body) {
        int tenantId = caller.tenantId();
        PatientInput.refuseServerSet(body, null);
        PatientInput input = PatientInput.parse(body);
        checkReferences(tenantId, input);
        PatientCore patient = writer.createPatient(tenantId, input);
        audit.record(Chain.PATIENT, Action.CREATE, patient.id);
        return reads.readBack(PatientRecord.KIND, patient.id);
    }

    @Transactional
    public Optional<PatientRecord> replacePatient(long id, JsonNode body) {
        int tenantId = caller.tenantId();
        Optional<PatientCore> patient = normalizedReader.findEntity(tenantId, id);
        if (patient.isEmpty()) {
            return Optional.empty();
        }
        PatientInput.refuseServerSet(body, current(patient.get()));
        PatientInput input = PatientInput.parse(body);
        checkReferences(tenantId, input);
        writer.replacePatient(patient.get(), input);
        audit.record(Chain.PATIENT, Action.UPDATE, id);
        return Optional.of(reads.readBack(PatientRecord.KIND, id));
    }

    @Transactional
    public Optional<PatientRecord> patchPatient(long id, JsonNode patch) {
        Optional<PatientCore> patient = normalizedReader.findEntity(caller.tenantId(), id);
        if (patient.isEmpty()) {
            return Optional.empty();
        }
        mergePatch(patient.get(), patch);
        audit.record(Chain.PATIENT, Action.UPDATE, id);
        return Optional.of(reads.readBack(PatientRecord.KIND, id));
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
