package dev.normalizer.patient.read;

import dev.normalizer.common.PageRequest;
import dev.normalizer.patient.PatientFilter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statement that chooses a list page on {@code patient_core}, for both read paths: how many patients match (the
 * page's {@code total}) and the ids of the page, in one row. One statement, not two, saves a round trip per page. Its
 * two parts are index-only scans on the filter's index (V11 INCLUDEs the served condition's columns), under row-level
 * security too, as long as the table's visibility map is current ({@code PatientListCoveringIndexesMigrationTest}
 * runs EXPLAIN on this very statement).
 *
 * @param sql the statement; it returns one row: the total (bigint) and the page's ids in order (bigint[])
 * @param params its positional parameters
 */
public record PatientChoice(String sql, List<Object> params) {

    /** The total and the page's ids, as the statement returns them. */
    public record Chosen(long total, Long[] ids) {

        /** No patient. */
        public static final Chosen NONE = new Chosen(0, new Long[0]);
    }

    /**
     * The statement for one tenant's page of the filter's patients.
     *
     * @param served the condition that a row {@code k} of {@code patient_core} is served
     *     ({@link dev.normalizer.common.RestrictedRecords#servedSql})
     */
    public static PatientChoice of(String served, int tenantId, PatientFilter filter, PageRequest page) {
        List<Object> matching = new ArrayList<>();
        StringBuilder where = new StringBuilder(" FROM patient_core k WHERE k.tenant_id = ? AND " + served);
        matching.add(tenantId);
        for (PatientFilter.Condition condition : filter.conditions()) {
            where.append(" AND ").append(condition.sql("k"));
            matching.add(condition.value());
        }
        List<Object> params = new ArrayList<>(matching);
        params.addAll(matching);
        params.add(page.size());
        params.add(page.offset());
        return new PatientChoice("SELECT (SELECT count(*)" + where + "), ARRAY(SELECT k.id" + where
                + " ORDER BY k.id LIMIT ? OFFSET ?)", List.copyOf(params));
    }

    /** Reads the statement's one row. */
    public static Chosen chosen(ResultSet row) throws SQLException {
        return new Chosen(row.getLong(1), (Long[]) row.getArray(2).getArray());
    }
}
