package dev.normalizer.migration;

import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.Locale;

/**
 * The online expand, measured (docs/benchmarks.md, "The online expand"): a legacy database of N generated patients
 * (default 1,000,000) migrated to the last expand version, as the service does at start, while the legacy application
 * runs its own SQL on three connections, each paced at 100 statements per second (reads, updates and inserts of
 * patients, customer updates, order and reservation inserts; the arguments change the three numbers). In the same run: a plain {@code CREATE TABLE AS} copy of the flat table (the
 * floor a backfill compares with), V2's backfill and cutover, the whole migration, and the legacy statements' p50,
 * p99, maximum and errors during it. The slowest legacy statement bounds the longest lock wait any of them had.
 * <p>Run with {@code src/benchmark/online-expand.sh [patients]}; prints a Markdown report.
 */
public final class OnlineExpandBenchmark {

    private OnlineExpandBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int patients = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        String db = MigrationDb.legacyDatabase();
        TestDatabase.loadGenerator(db, "fixture/generate-legacy-patients.sql");
        TestDatabase.loadGenerator(db, "fixture/generate-legacy-customers.sql");
        double ctasSeconds;
        try (Connection c = TestDatabase.connect(db)) {
            long start = System.nanoTime();
            MigrationDb.scalar(c, "SELECT generate_legacy_patients(" + patients + ")");
            MigrationDb.scalar(c, "SELECT generate_legacy_customers(" + Math.max(1_000, patients / 100) + ")");
            MigrationDb.execute(c, "VACUUM ANALYZE");
            System.err.printf(Locale.ROOT, "[online-expand] generated %,d patients in %.0f s%n", patients,
                    seconds(start));
            start = System.nanoTime();
            MigrationDb.execute(c, "CREATE TABLE ctas_copy AS SELECT * FROM patients");
            ctasSeconds = seconds(start);
            MigrationDb.execute(c, "DROP TABLE ctas_copy");
            MigrationDb.execute(c, "CHECKPOINT");
        }

        LegacyWorkload legacy = new LegacyWorkload(db, connections, rate);
        long migrationStart;
        long migrationEnd;
        try (legacy) {
            Thread.sleep(2_000);
            migrationStart = System.nanoTime();
            MigrationDb.migrate(db, MigrationDb.LAST_EXPAND_VERSION);
            migrationEnd = System.nanoTime();
            Thread.sleep(2_000);
        }
        double backfillSeconds;
        double v2Seconds;
        try (Connection c = TestDatabase.connect(db)) {
            backfillSeconds = number(c, "SELECT extract(epoch FROM backfilled_at - started_at) FROM patient_backfill");
            v2Seconds = number(c, "SELECT extract(epoch FROM cut_over_at - started_at) FROM patient_backfill");
        }
        long[] during = legacy.durationsBetween(migrationStart, migrationEnd);
        System.out.printf(Locale.ROOT, """
                ## The online expand: %,d patients, legacy workload on %d connections at %d statements/s each

                | figure | measured |
                |---|---|
                | `CREATE TABLE AS` copy of the flat table | %.1f s |
                | V2 backfill (expand to backfilled) | %.1f s |
                | V2 backfill / `CREATE TABLE AS` | %.1f |
                | V2 in all (expand, backfill, cutover) | %.1f s |
                | the whole migration (V2 to V10) | %.1f s |
                | legacy statements during the migration | %,d |
                | their p50 / p99 / max | %.1f / %.1f / %.1f ms |
                | legacy errors | %d |
                | slowest legacy statement (bounds its lock wait) | %s |
                """, patients, connections, rate, ctasSeconds, backfillSeconds, backfillSeconds / ctasSeconds, v2Seconds,
                (migrationEnd - migrationStart) / 1e9, during.length, millis(during, 0.50), millis(during, 0.99),
                millis(during, 1.0), legacy.errors.size(), legacy.slowestStatement);
        legacy.errors.stream().limit(5).forEach(e -> System.out.println("- error: " + e));
        System.exit(0);
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static double number(Connection c, String sql) throws Exception {
        return Double.parseDouble(MigrationDb.string(c, sql));
    }

    private static double seconds(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0;
    }
}
