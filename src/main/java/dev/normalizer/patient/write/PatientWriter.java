package dev.normalizer.patient.write;

import dev.normalizer.patient.columns.PatientColumn;
import dev.normalizer.patient.columns.PatientColumns;
import dev.normalizer.patient.model.PatientCore;
import dev.normalizer.patient.model.PatientPersonal;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes a checked patient body into the normalized tables, the source of truth. Every writable column is set
 * (a replace); rows of optional tables appear when they get a value and go when all their values are gone.
 */
@ApplicationScoped
public class PatientWriter {

    public PatientCore createPatient(int tenantId, PatientInput input) {
        PatientCore patient = new PatientCore();
        patient.tenantId = tenantId;
        patient.createdAt = now();
        patient.personal = new PatientPersonal();
        patient.personal.patient = patient;
        apply(patient, input);
        patient.persist();
        return patient;
    }

    public void replacePatient(PatientCore patient, PatientInput input) {
        apply(patient, input);
        patient.updatedAt = now();
    }

    private static void apply(PatientCore patient, PatientInput input) {
        input.values().forEach((column, value) -> column.write(patient, value));
        dropEmptyRows(patient);
    }

    private static void dropEmptyRows(PatientCore patient) {
        Map<Object, Boolean> filled = new IdentityHashMap<>();
        for (PatientColumn<?> column : PatientColumns.ALL) {
            Object row = column.access().row(patient);
            if (row != null) {
                filled.merge(row, column.read(patient) != null, Boolean::logicalOr);
            }
        }
        Set<Object> empty = Collections.newSetFromMap(new IdentityHashMap<>());
        filled.forEach((row, hasValue) -> {
            if (!hasValue) {
                empty.add(row);
            }
        });
        if (empty.contains(patient.gp)) {
            patient.gp.delete();
            patient.gp = null;
        }
        for (var group : PatientColumns.GROUPS) {
            group.rows().apply(patient).removeIf(empty::contains);
        }
    }

    /** PostgreSQL keeps microseconds; truncating here makes the answer equal what a later read returns. */
    private static LocalDateTime now() {
        return LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);
    }
}
