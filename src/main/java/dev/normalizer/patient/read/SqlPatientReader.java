package dev.normalizer.patient.read;

import dev.normalizer.common.Jdbc;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.patient.PatientFilter;
import dev.normalizer.patient.PatientRecord;
import dev.normalizer.reads.ReadKind;
import dev.normalizer.reads.Reader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What the two patient readers ({@link Reader}s) share. Both paths choose their patients the same way, on
 * {@code patient_core}, whose rows the legacy view shows one for one and whose columns the filters compare: there the
 * filters can use their indexes under row-level security. A path differs only in the statement that reads the
 * chosen patients' records, one statement for a patient or a page.
 * <p>Both statements hand PostgreSQL their ids through a subquery, {@code id = (SELECT ...)} for one patient and
 * {@code id = ANY ((SELECT ?::bigint[])::bigint[])} for a page, so that the ids are not known when the statement is
 * planned. The plan of a custom plan then costs what a generic one does, and PostgreSQL keeps the generic plan of
 * the prepared statement after its fifth run. With the ids as a plain parameter ({@code id = ANY (?)}) it planned
 * every execution again for small pages: for a page of one patient (an MRN list), 3.5 ms of planning for 0.3 ms of
 * execution on the legacy view's eleven joins under row-level security, 0.5 ms for 0.1 ms on the normalized
 * statement ({@code PatientPagePlanTest}, docs/benchmarks.md).
 * <p>Which patients are served ({@link RestrictedRecords}) is decided on {@code patient_core} too, for one patient
 * and for a page, so that the setting applies to both paths alike. A page's patients and total are chosen by one
 * statement ({@link PatientChoice}), its records read by a second.
 */
public abstract class SqlPatientReader implements Reader<PatientRecord, PatientFilter> {

    private final Jdbc jdbc;
    private final String served;
    private final String one;
    private final String many;

    /**
     * @param select the statement up to its FROM clause, without WHERE
     * @param alias the alias of the relation in {@code select} that has the patients' {@code id} and
     *     {@code tenant_id}
     */
    protected SqlPatientReader(Jdbc jdbc, RestrictedRecords restricted, String select, String alias) {
        this.jdbc = jdbc;
        this.served = restricted.servedSql("k");
        String where = select + " WHERE " + alias + ".tenant_id = ? AND " + alias + ".id ";
        this.one = where + "= (SELECT k.id FROM patient_core k WHERE k.id = ? AND " + served + ")";
        this.many = where + "= ANY ((SELECT ?::bigint[])::bigint[]) ORDER BY " + alias + ".id";
    }

    /** The record of the current row of {@code select}. */
    protected abstract PatientRecord record(ResultSet row) throws SQLException;

    @Override
    public ReadKind<PatientRecord, PatientFilter> kind() {
        return PatientRecord.KIND;
    }

    /** The patient, unless of another tenant, erased, or restricted while restricted records are hidden. */
    @Override
    public Optional<PatientRecord> find(int tenantId, long id) {
        return jdbc.select(one, List.of(tenantId, id), this::record).stream().findFirst();
    }

    @Override
    public Page<PatientRecord> list(int tenantId, PatientFilter filter, PageRequest page) {
        PatientChoice choice = PatientChoice.of(served, tenantId, filter, page);
        // PostgreSQL answers with one row (the statement aggregates); a Jdbc that runs nothing, such as the
        // benchmark's recorder of statements, with none: an empty page.
        PatientChoice.Chosen chosen = jdbc.select(choice.sql(), choice.params(), PatientChoice::chosen).stream()
                .findFirst().orElse(PatientChoice.Chosen.NONE);
        List<PatientRecord> items = chosen.ids().length == 0 ? List.of()
                : jdbc.select(many, List.of(tenantId, chosen.ids()), this::record);
        return new Page<>(items, page.page(), page.size(), chosen.total());
    }
}
