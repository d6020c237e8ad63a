package dev.normalizer.patient.read;

import dev.normalizer.common.Jdbc;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.patient.PatientRecord;
import dev.normalizer.patient.columns.PatientColumns;
import dev.normalizer.readpath.ReadPath;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Collectors;

/** The legacy read path: the view {@code v_patients_legacy}, exactly as the old flat table looked. */
@Singleton
public class LegacyPatientReader extends SqlPatientReader {

    private static final String SELECT = "SELECT " + PatientColumns.ALL.stream().map(c -> "v." + c.name())
            .collect(Collectors.joining(", "))
            + ", (SELECT pc.public_id FROM patient_core pc WHERE pc.id = v.id) FROM v_patients_legacy v";

    public LegacyPatientReader(Jdbc jdbc, RestrictedRecords restricted) {
        super(jdbc, restricted, SELECT, "v");
    }

    @Override
    public ReadPath path() {
        return ReadPath.LEGACY;
    }

    @Override
    protected PatientRecord record(ResultSet row) throws SQLException {
        return PatientRecord.fromLegacyRow(row);
    }
}
