package dev.normalizer.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.common.Jdbc;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.patient.read.LegacyPatientReader;
import dev.normalizer.patient.read.NormalizedPatientReader;
import dev.normalizer.patient.read.PatientChoice;
import dev.normalizer.patient.read.SqlPatientReader;
import dev.normalizer.readpath.ReadPath;
import jakarta.enterprise.inject.Vetoed;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The statements that the service's patient readers run, taken from the production classes rather than copied, so
 * that the pgbench arms follow the code: each reader is built outside Quarkus on a {@link Jdbc} that records what it
 * is asked to run instead of running it. A read is asked for with sentinel values (a tenant, an id, a filter value
 * that no patient has), by which {@link PgbenchScript} tells each parameter's role.
 */
final class ReaderStatements {

    static final int SENTINEL_TENANT = 919_191;
    static final long SENTINEL_ID = 818_181_818_181L;
    /** The ids of a page, as the statement that chooses the page returned them. */
    static final Long[] SENTINEL_IDS = {SENTINEL_ID};

    /** One statement, with {@code ?} for its parameters, and the values it was given. */
    record Statement(String sql, List<Object> params) {
    }

    private ReaderStatements() {
    }

    /** What a read of one patient runs on {@code path}. */
    static List<Statement> byId(ReadPath path) {
        Recorder jdbc = new Recorder();
        reader(path, jdbc).find(SENTINEL_TENANT, SENTINEL_ID);
        return jdbc.statements;
    }

    /**
     * What a page of a list with its total runs on {@code path}: the choice of the page (its total and ids) on
     * {@code patient_core}, then the path's statement that reads the page's records, whose ids parameter is
     * {@link #SENTINEL_IDS}.
     */
    static List<Statement> list(ListFilter filter, ReadPath path) {
        Recorder jdbc = new Recorder(new PatientChoice.Chosen(1000, SENTINEL_IDS));
        reader(path, jdbc).list(SENTINEL_TENANT, filter.filter(filter.sentinel()),
                new PageRequest(0, ListFilter.PAGE_SIZE));
        return jdbc.statements;
    }

    private static SqlPatientReader reader(ReadPath path, Jdbc jdbc) {
        // The services of the benchmark run with the environment's RESTRICTED_RECORDS, by default serve.
        RestrictedRecords.Mode mode = RestrictedRecords.Mode.valueOf(
                System.getenv().getOrDefault("RESTRICTED_RECORDS", "serve").toUpperCase(Locale.ROOT));
        RestrictedRecords restricted = () -> mode;
        return path == ReadPath.LEGACY ? new LegacyPatientReader(jdbc, restricted)
                : new NormalizedPatientReader(jdbc, new ObjectMapper(), restricted);
    }

    /**
     * Records each statement and answers as a database without matching rows would, except that its first selects
     * find the rows it was given, one each (a list's choice of a page, so that the reader goes on to read the page).
     * Vetoed: the tests' Quarkus application indexes this class, and {@link Jdbc}'s scope is inherited, which would
     * make it a second {@code Jdbc} bean.
     */
    @Vetoed
    private static final class Recorder extends Jdbc {

        final List<Statement> statements = new ArrayList<>();
        private final Deque<Object> rows;

        Recorder(Object... rows) {
            super(null);
            this.rows = new ArrayDeque<>(List.of(rows));
        }

        @Override
        @SuppressWarnings("unchecked") // each row is given for the select that reads rows of its type
        public <T> List<T> select(String sql, List<?> params, RowReader<T> reader) {
            statements.add(new Statement(sql, Collections.unmodifiableList(new ArrayList<>(params))));
            return rows.isEmpty() ? List.of() : List.of((T) rows.poll());
        }
    }
}
