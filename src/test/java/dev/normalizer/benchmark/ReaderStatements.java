package dev.normalizer.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.common.Jdbc;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.patient.read.LegacyPatientReader;
import dev.normalizer.patient.read.NormalizedPatientReader;
import dev.normalizer.patient.read.SqlPatientReader;
import dev.normalizer.readpath.ReadPath;
import jakarta.enterprise.inject.Vetoed;
import java.util.ArrayList;
import java.util.Collections;
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
     * What a page of a list with its total runs before the page's records are read (the count and the page's ids):
     * the choice of the page, which both paths make alike on {@code patient_core}.
     */
    static List<Statement> list(ListFilter filter) {
        List<List<Statement>> byPath = new ArrayList<>();
        for (ReadPath path : ReadPath.values()) {
            Recorder jdbc = new Recorder();
            reader(path, jdbc).list(SENTINEL_TENANT, filter.filter(filter.sentinel()),
                    new PageRequest(0, ListFilter.PAGE_SIZE));
            byPath.add(jdbc.statements);
        }
        if (!byPath.stream().allMatch(byPath.get(0)::equals)) {
            throw new IllegalStateException("the paths now choose a page of the " + filter.label() + " list by "
                    + "different statements: the pgbench list arms need one arm per path (ReadLoad): " + byPath);
        }
        return byPath.get(0);
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
     * Records each statement and answers as a database without matching rows would, except that a count finds
     * some, so that a reader goes on to ask for its page. Vetoed: the tests' Quarkus application indexes this class,
     * and {@link Jdbc}'s scope is inherited, which would make it a second {@code Jdbc} bean.
     */
    @Vetoed
    private static final class Recorder extends Jdbc {

        final List<Statement> statements = new ArrayList<>();

        Recorder() {
            super(null);
        }

        @Override
        public <T> List<T> select(String sql, List<?> params, RowReader<T> reader) {
            statements.add(new Statement(sql, Collections.unmodifiableList(new ArrayList<>(params))));
            return List.of();
        }

        @Override
        public long count(String sql, List<?> params) {
            statements.add(new Statement(sql, Collections.unmodifiableList(new ArrayList<>(params))));
            return 1000;
        }
    }
}
