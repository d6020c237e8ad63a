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

    private static final String SELECT = "SELECT " + PatientColumns.ALL.stream().map(PatientColumn::name)
            .collect(Collectors.joining(", ")) + " FROM v_patients_legacy";

    private final AgroalDataSource dataSource;

    public LegacyPatientReader(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<PatientRecord> findPatient(int tenantId, long id) {
        return select(SELECT + " WHERE id = ? AND tenant_id = ?", List.of(id, tenantId), PatientRecord::fromLegacyRow)
                .stream().findFirst();
    }

    @Override
    public Page<PatientRecord> listPatients(int tenantId, PatientFilter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
        params.add(tenantId);
        for (PatientFilter.Condition condition : filter.conditions()) {
            String column = condition.column().name();
            where.append(condition.ignoreCase() ? " AND lower(" + column + ") = lower(?)" : " AND " + column + " = ?");
            params.add(condition.value());
        }
        long total = select("SELECT count(*) FROM v_patients_legacy" + where, params, row -> row.getLong(1)).get(0);
        params.add(page.size());
        params.add(page.offset());
        List<PatientRecord> items = select(SELECT + where + " ORDER BY id LIMIT ? OFFSET ?", params,
                PatientRecord::fromLegacyRow);
        return new Page<>(items, page.page(), page.size(), total);
    }

    private <T> List<T> select(String sql, List<Object> params, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<T> results = new ArrayList<>();
                while (rows.next()) {
                    results.add(reader.read(rows));
                }
                return results;
            }
        } catch (SQLException e) {
            throw new LegacyReadException(e);
        }
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** A failed read of the legacy view; the problem mapper turns it into a 503 or 500 without SQL. */
    public static final class LegacyReadException extends RuntimeException {
        LegacyReadException(SQLException cause) {
            super("legacy read failed", cause);
        }
    }
}
