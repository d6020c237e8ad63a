package dev.normalizer.patient.read;

import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.patient.PatientFilter;
import dev.normalizer.patient.PatientRecord;
import java.util.Optional;

/** Reads patients through one read path. Readers never look at flags: the service chooses one. */
public interface PatientReader {

    Optional<PatientRecord> findPatient(int tenantId, long id);

    Page<PatientRecord> listPatients(int tenantId, PatientFilter filter, PageRequest page);
}
