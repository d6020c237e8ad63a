package dev.normalizer.patient.read;

import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.patient.PatientFilter;
import dev.normalizer.patient.PatientRecord;
import dev.normalizer.patient.columns.PatientColumn;
import dev.normalizer.patient.columns.PatientColumns;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The legacy read path: the view {@code v_patients_legacy}, exactly as the old flat table looked. */
@ApplicationScoped
public class LegacyPatientReader implements PatientReader {

    private static final String COLUMNS = PatientColumns.ALL.stream().map(PatientColumn::name)
            .collect(Collectors.joining(", "));

    private final AgroalDataSource dataSource;

    public LegacyPatientReader(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<PatientRecord> findPatient(int tenantId, long id) {
        List<PatientRecord> found = query("SELECT " + COLUMNS + " FROM v_patients_legacy WHERE id = ? AND tenant_id = ?",
                List.of(id, tenantId));
        return found.stream().findFirst();
    }

    @Override
    public Page<PatientRecord> listPatients(int tenantId, PatientFilter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        String where = where(tenantId, filter, params);
        long total = count("SELECT count(*) FROM v_patients_legacy" + where, params);
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(page.size());
        pageParams.add(page.offset());
        List<PatientRecord> items = query("SELECT " + COLUMNS + " FROM v_patients_legacy" + where
                + " ORDER BY id LIMIT ? OFFSET ?", pageParams);
        return new Page<>(items, page.page(), page.size(), total);
    }

    private static String where(int tenantId, PatientFilter filter, List<Object> params) {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
        params.add(tenantId);
        if (filter.surname() != null) {
            where.append(" AND lower(surname) = lower(?)");
            params.add(filter.surname());
        }
        if (filter.firstName() != null) {
            where.append(" AND first_name = ?");
            params.add(filter.firstName());
        }
        if (filter.dateOfBirth() != null) {
            where.append(" AND date_of_birth = ?");
            params.add(filter.dateOfBirth());
        }
        if (filter.mrn() != null) {
            where.append(" AND mrn = ?");
            params.add(filter.mrn());
        }
        return where.toString();
    }

    private List<PatientRecord> query(String sql, List<Object> params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, params);
                ResultSet rows = statement.executeQuery()) {
            List<PatientRecord> records = new ArrayList<>();
            while (rows.next()) {
                records.add(PatientRecord.fromLegacyRow(rows));
            }
            return records;
        } catch (SQLException e) {
            throw new LegacyReadException(e);
        }
    }

    private long count(String sql, List<Object> params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, params);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new LegacyReadException(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            statement.setObject(i + 1, params.get(i));
        }
        return statement;
    }

    /** A failed read of the legacy view; the problem mapper turns it into a 503 or 500 without SQL. */
    public static final class LegacyReadException extends RuntimeException {
        LegacyReadException(SQLException cause) {
            super("legacy read failed", cause);
        }
    }
}
