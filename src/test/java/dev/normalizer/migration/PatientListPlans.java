package dev.normalizer.migration;

import dev.normalizer.common.PageRequest;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.patient.PatientFilter;
import dev.normalizer.patient.read.PatientChoice;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The patient list's count before and after V11 (docs/benchmarks.md, "Index-only list counts"): a legacy database of
 * N generated patients (default 200,000) migrated to V10 and vacuumed, then {@code EXPLAIN (ANALYZE, BUFFERS)} of the
 * surname count as the service's role under row-level security; then V11 (timed: its concurrent builds), vacuumed
 * again, the same count, the count with restricted records hidden, and the statement this version runs (the count and
 * the page in one); last, the rollback to V10 (timed: D11 builds the old indexes again). Each plan is the third of
 * three runs, on a warm cache. Plans only: no load, so a busy machine changes the milliseconds, not the buffers.
 * <p>Run with {@code src/benchmark/list-plans.sh [patients]}; prints a Markdown report.
 */
public final class PatientListPlans {

    private static final String COUNT_V10 = "SELECT count(*) FROM patient_core k WHERE k.tenant_id = ? AND %s "
            + "AND k.surname_key = lower(?)";

    private PatientListPlans() {
    }

    public static void main(String[] args) throws Exception {
        int patients = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        long start = System.nanoTime();
        String db = MigrationDb.generatedLegacyDatabase(patients);
        System.err.printf(Locale.ROOT, "[list-plans] generated %,d patients in %.1f s%n", patients, since(start));
        try (Connection owner = TestDatabase.connect(db); Connection service = TestDatabase.connectAsService(db)) {
            start = System.nanoTime();
            MigrationDb.migrate(db, "10");
            System.err.printf(Locale.ROOT, "[list-plans] migrated to V10 in %.1f s%n", since(start));
            MigrationDb.execute(owner, "VACUUM ANALYZE");
            service.setAutoCommit(false);

            // The most common of the generator's surnames (its traps, such as ' ', are rarer in real lists).
            String surname = MigrationDb.string(owner, "SELECT surname_key FROM patient_core WHERE tenant_id = 1 "
                    + "AND erased_at IS NULL AND surname_key ~ '^[a-z]+$' GROUP BY 1 ORDER BY count(*) DESC, 1 "
                    + "LIMIT 1");
            System.out.printf(Locale.ROOT, "# Patient list counts, %,d generated patients%n%n", patients);
            System.out.printf(Locale.ROOT, "PostgreSQL %s. Tenant 1: %,d patients; surname '%s': %,d of them.%n%n",
                    MigrationDb.string(owner, "SHOW server_version"),
                    MigrationDb.scalar(owner, "SELECT count(*) FROM patient_core WHERE tenant_id = 1"), surname,
                    MigrationDb.scalar(owner, "SELECT count(*) FROM patient_core WHERE tenant_id = 1 "
                            + "AND surname_key = '" + surname.replace("'", "''") + "'"));
            sizes(owner, "V10");
            List<Object> params = List.of(1, surname);
            plan(service, "V10: the surname count, restricted records served (the default)",
                    COUNT_V10.formatted(served(RestrictedRecords.Mode.SERVE)), params);

            start = System.nanoTime();
            MigrationDb.migrate(db, "11");
            double v11 = since(start);
            start = System.nanoTime();
            MigrationDb.execute(owner, "VACUUM ANALYZE patient_core");
            System.out.printf(Locale.ROOT, "V11 (five concurrent index builds, the old indexes dropped): %.1f s; "
                    + "`VACUUM ANALYZE patient_core` after it: %.1f s%n%n", v11, since(start));
            sizes(owner, "V11");
            plan(service, "V11: the surname count, restricted records served (the default)",
                    COUNT_V10.formatted(served(RestrictedRecords.Mode.SERVE)), params);
            plan(service, "V11: the surname count, restricted records hidden",
                    COUNT_V10.formatted(served(RestrictedRecords.Mode.HIDE)), params);
            PatientChoice choice = PatientChoice.of(served(RestrictedRecords.Mode.SERVE), 1,
                    new PatientFilter(surname, null, null, null), new PageRequest(0, 50));
            plan(service, "V11: the statement the service runs, the count and the first page of 50 in one",
                    choice.sql(), choice.params());

            start = System.nanoTime();
            Rollback.Result result = Rollback.to(owner, 10, MigrationDb.migrations());
            System.out.printf(Locale.ROOT, "Rollback to V10 (D11: five plain index builds): %s in %.1f s%n%n",
                    result.outcome(), since(start));
        }
    }

    private static String served(RestrictedRecords.Mode mode) {
        RestrictedRecords restricted = () -> mode;
        return restricted.servedSql("k");
    }

    private static void sizes(Connection owner, String version) throws SQLException {
        System.out.printf(Locale.ROOT, "Sizes at %s: %s%n%n", version, MigrationDb.string(owner, """
                SELECT string_agg(format('%s %s', c.relname, pg_size_pretty(pg_relation_size(c.oid))), ', '
                                  ORDER BY c.relname)
                FROM pg_class c
                WHERE c.relname = 'patient_core' OR c.oid IN (SELECT indexrelid FROM pg_index
                                                                WHERE indrelid = 'patient_core'::regclass)"""));
    }

    /** EXPLAIN (ANALYZE, BUFFERS) as the service's role with tenant 1 set, three times; prints the third. */
    private static void plan(Connection service, String title, String sql, List<Object> params) throws SQLException {
        StringBuilder text = new StringBuilder();
        for (int run = 0; run < 3; run++) {
            text.setLength(0);
            MigrationDb.execute(service, "SELECT set_config('app.tenant_id', '1', true)");
            try (PreparedStatement s = service.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                for (int i = 0; i < params.size(); i++) {
                    s.setObject(i + 1, params.get(i));
                }
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        text.append(rows.getString(1)).append('\n');
                    }
                }
            } finally {
                service.rollback();
            }
        }
        System.out.printf("### %s%n%n```%n%s```%n%n", title, text);
    }

    private static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
