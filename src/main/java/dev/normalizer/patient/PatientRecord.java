package dev.normalizer.patient;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.normalizer.audit.AuditLog.Chain;
import dev.normalizer.common.PublicId;
import dev.normalizer.patient.columns.PatientColumn;
import dev.normalizer.patient.columns.PatientColumns;
import dev.normalizer.patient.model.PatientCore;
import dev.normalizer.reads.ReadKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API's patient: the 185 legacy columns as lowerCamelCase keys, every key present, and its public id after
 * {@code id}. Both read paths build
 * it here, from the same column catalog, so they cannot drift apart.
 */
public record PatientRecord(@JsonValue Map<String, Object> fields) {

    /** Patients as the dual read ({@code reads/}) knows them: listed by {@link PatientFilter}. */
    public static final ReadKind<PatientRecord, PatientFilter> KIND = new ReadKind<>("patient", Chain.PATIENT,
            PatientRecord::id);

    /** Reads the current row of a result set whose columns are {@link PatientColumns#ALL}, in order, then public_id. */
    public static PatientRecord fromLegacyRow(ResultSet row) throws SQLException {
        Map<String, Object> fields = new LinkedHashMap<>(256);
        int index = 1;
        for (PatientColumn<?> column : PatientColumns.ALL) {
            fields.put(column.key(), column.type().read(row, index++));
            if (column.name().equals("id")) {
                fields.put(PublicId.KEY, row.getString(PatientColumns.ALL.size() + 1));
            }
        }
        return new PatientRecord(Collections.unmodifiableMap(fields));
    }

    public static PatientRecord fromNormalized(PatientCore patient) {
        Map<String, Object> fields = new LinkedHashMap<>(256);
        for (PatientColumn<?> column : PatientColumns.ALL) {
            fields.put(column.key(), column.read(patient));
            if (column.name().equals("id")) {
                fields.put(PublicId.KEY, patient.publicId);
            }
        }
        return new PatientRecord(Collections.unmodifiableMap(fields));
    }

    public long id() {
        return (Long) fields.get("id");
    }
}
