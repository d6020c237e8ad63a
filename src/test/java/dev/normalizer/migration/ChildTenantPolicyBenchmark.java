package dev.normalizer.migration;

import db.migration.V12__patient_child_tenant_ids;
import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads by id before and after V12, in pgbench (docs/benchmarks.md, "Child-table policies without a parent lookup"):
 * N generated patients (default 200,000), all in tenant 1 so that every random id is a hit, migrated to the version
 * before V12; a copy of that database migrated to V12 (timed, with the WAL it wrote and the child tables' size), and
 * a copy of that one whose child tables were rewritten by VACUUM FULL (what the backfill's bloat costs). Then, in
 * rounds, each arm on the three databases in turn, so that a change of the machine's load hits all three alike:
 * pgbench ({@code -M prepared}, 8 clients, 20 s by default) by random id on a flat copy of the legacy rows as the
 * owner (the physical limit), on the legacy view and on the normalized path's statement as the service's role with
 * {@code app.tenant_id} set, and on both as the owner, whom no policy binds (the floor that policies can reach).
 * Also times the full comparison of every child row's tenant with its patient's, which the integrity check samples.
 * <p>Needs pgbench on the PATH. Run with {@code src/benchmark/child-tenant-policies.sh [patients [seconds [rounds]]]},
 * or: {@code ./mvnw -B -q -DskipTests test-compile} then
 * {@code ./mvnw -B -q exec:exec -Dexec.args="-classpath %classpath dev.normalizer.migration.ChildTenantPolicyBenchmark
 * 200000 20 2"} (patients, seconds per arm, rounds); prints a Markdown report.
 */
public final class ChildTenantPolicyBenchmark {

    private static final List<String> CHILDREN = V12__patient_child_tenant_ids.CHILD_TABLES;
    private static final String NORMALIZED = """
            SELECT to_json(c), to_json(pp), to_json(gp),
                   (SELECT json_agg(x) FROM patient_contacts x WHERE x.patient_id = c.id),
                   (SELECT json_agg(x) FROM patient_address x WHERE x.patient_id = c.id),
                   (SELECT json_agg(x) FROM patient_family x WHERE x.patient_id = c.id),
                   (SELECT json_agg(x) FROM patient_insurance x WHERE x.patient_id = c.id),
                   (SELECT json_agg(x) FROM patient_allergies x WHERE x.patient_id = c.id),
                   (SELECT json_agg(x) FROM patient_medications x WHERE x.patient_id = c.id),
                   (SELECT json_agg(x) FROM patient_conditions x WHERE x.patient_id = c.id)
            FROM patient_core c JOIN patient_personal pp ON pp.patient_id = c.id
            LEFT JOIN patient_gp gp ON gp.patient_id = c.id
            WHERE c.tenant_id = 1
              AND c.id = (SELECT k.id FROM patient_core k WHERE k.id = :id AND NOT k.gdpr_restricted)
            """;

    private ChildTenantPolicyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int patients = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String before = MigrationDb.generatedLegacyDatabase(patients);
        long lo;
        long hi;
        try (Connection c = TestDatabase.connect(before)) {
            MigrationDb.execute(c, "UPDATE patients SET tenant_id = 1, preferred_clinic_id = NULL");
            lo = MigrationDb.scalar(c, "SELECT min(id) FROM patients");
            hi = MigrationDb.scalar(c, "SELECT max(id) FROM patients");
        }
        MigrationDb.migrate(before, String.valueOf(MigrationDb.expandMigrations().headMap(12).lastKey()));
        List<String> report = new ArrayList<>();
        try (Connection c = TestDatabase.connect(before)) {
            MigrationDb.execute(c, "CREATE TABLE flat_copy AS SELECT * FROM patients_flat");
            MigrationDb.execute(c, "ALTER TABLE flat_copy ADD PRIMARY KEY (id)");
            MigrationDb.execute(c, "VACUUM ANALYZE");
            report.add(String.format(Locale.ROOT, "patients: %,d (ids %d to %d), child rows: %,d, child tables: %s",
                    hi - lo + 1, lo, hi, childRows(c), size(c)));
        }
        String after = before + "_v12";
        String repacked = before + "_v12_full";
        try (Connection c = TestDatabase.connect("postgres")) {
            MigrationDb.execute(c, "CREATE DATABASE " + after + " TEMPLATE " + before);
        }

        long start = System.nanoTime();
        try (Connection c = TestDatabase.connect(after)) {
            String lsn = MigrationDb.string(c, "SELECT pg_current_wal_lsn()::text");
            MigrationDb.migrate(after, "12");
            double v12 = (System.nanoTime() - start) / 1e9;
            String wal = MigrationDb.string(c, "SELECT pg_size_pretty(pg_current_wal_lsn() - '" + lsn + "'::pg_lsn)");
            report.add(String.format(Locale.ROOT, "V12: %.1f s, WAL %s, child tables after: %s", v12, wal, size(c)));
            MigrationDb.execute(c, "VACUUM ANALYZE");
            report.add("child tables after VACUUM: " + size(c));
            long t0 = System.nanoTime();
            long mismatches = MigrationDb.scalar(c, "SELECT " + String.join(" + ", CHILDREN.stream()
                    .map(t -> "(SELECT count(*) FROM " + t + " x JOIN patient_core p ON p.id = x.patient_id "
                            + "WHERE x.tenant_id IS DISTINCT FROM p.tenant_id)").toList()));
            report.add(String.format(Locale.ROOT, "every child row against its patient: %.2f s (%d mismatches)",
                    (System.nanoTime() - t0) / 1e9, mismatches));
        }
        try (Connection c = TestDatabase.connect("postgres")) {
            MigrationDb.execute(c, "CREATE DATABASE " + repacked + " TEMPLATE " + after);
        }
        try (Connection c = TestDatabase.connect(repacked)) {
            MigrationDb.execute(c, "VACUUM (FULL, ANALYZE) " + String.join(", ", CHILDREN));
            report.add("child tables after VACUUM FULL (the third column): " + size(c));
        }

        String legacy = "SELECT * FROM v_patients_legacy WHERE id = :id";
        List<Arm> arms = List.of(new Arm("flat, as the owner", "SELECT * FROM flat_copy WHERE id = :id", true),
                new Arm("legacy view", legacy, false), new Arm("normalized statement", NORMALIZED, false),
                new Arm("legacy view, as the owner (no row-level security)", legacy, true),
                new Arm("normalized statement, as the owner", NORMALIZED, true));
        List<String> dbs = List.of(before, after, repacked);
        double[][][] tps = new double[rounds][dbs.size()][arms.size()];
        for (int round = 0; round < rounds; round++) {
            for (int a = 0; a < arms.size(); a++) {
                for (int d = 0; d < dbs.size(); d++) {
                    tps[round][d][a] = pgbench(dbs.get(d), arms.get(a), lo, hi, seconds);
                }
            }
        }

        System.out.println("| by random id, pgbench tps (times a flat lookup) | before V12 | after V12 | after V12 "
                + "and VACUUM FULL |");
        System.out.println("|---|---|---|---|");
        for (int a = 0; a < arms.size(); a++) {
            StringBuilder row = new StringBuilder("| " + arms.get(a).name() + " |");
            for (int d = 0; d < dbs.size(); d++) {
                List<String> cells = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    cells.add(String.format(Locale.ROOT, "%,.0f (%.1fx)", tps[round][d][a],
                            tps[round][d][0] / tps[round][d][a]));
                }
                row.append(' ').append(String.join(", ", cells)).append(" |");
            }
            System.out.println(row);
        }
        report.forEach(line -> System.out.println("- " + line));
    }

    /** One pgbench run: a statement by {@code :id}, as the owner or as the service's role with tenant 1. */
    private record Arm(String name, String sql, boolean owner) {
    }

    /** Runs pgbench on one arm; its tps (without the initial connection time). */
    private static double pgbench(String db, Arm arm, long lo, long hi, int seconds)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile(Path.of("target"), "pgbench-", ".sql");
        Files.writeString(script, "\\set id random(" + lo + ", " + hi + ")\n"
                + arm.sql().strip().replace('\n', ' ') + ";\n", StandardCharsets.UTF_8);
        String user = arm.owner() ? EmbeddedDatabase.OWNER : EmbeddedDatabase.APP_ROLE;
        ProcessBuilder pb = new ProcessBuilder("pgbench", "-n", "-M", "prepared", "-c", "8", "-j", "2", "-T",
                String.valueOf(seconds), "-f", script.toString(), "-h", "localhost", "-p",
                String.valueOf(TestDatabase.port()), "-U", user, db).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", arm.owner() ? EmbeddedDatabase.OWNER : EmbeddedDatabase.APP_PASSWORD);
        pb.environment().put("PGOPTIONS", "-c app.tenant_id=1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Files.delete(script);
        Matcher m = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
        if (!m.find() || out.contains("failed: ")) {
            throw new IllegalStateException("pgbench " + arm.name() + " on " + db + ":\n" + out);
        }
        double tps = Double.parseDouble(m.group(1));
        System.err.printf(Locale.ROOT, "[child-tenant] %s, %s: %.0f tps%n", db, arm.name(), tps);
        return tps;
    }

    private static long childRows(Connection c) throws SQLException {
        return MigrationDb.scalar(c, "SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE relname IN ("
                + String.join(", ", CHILDREN.stream().map(t -> "'" + t + "'").toList()) + ")");
    }

    private static String size(Connection c) throws SQLException {
        return MigrationDb.string(c, "SELECT pg_size_pretty(sum(pg_total_relation_size(relid))) FROM "
                + "pg_stat_user_tables WHERE relname LIKE 'patient\\_%' AND relname <> 'patient_core' "
                + "AND relname <> 'patient_backfill'");
    }
}
