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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads by id before and after V12, in pgbench (docs/benchmarks.md, "Child-table policies without a parent lookup"):
 * N generated patients (default 200,000), all in tenant 1 so that every random id is a hit, migrated to the version
 * before V12; then pgbench ({@code -M prepared}, 8 clients, 20 s by default) by random id on a flat copy of the
 * legacy rows as the owner (the physical limit), on the legacy view and on the normalized path's statement as the
 * service's role with {@code app.tenant_id} set; then V12 (timed, with the WAL it wrote and the child tables' size)
 * and the same three arms again. Also times the full comparison of every child row's tenant with its patient's,
 * which the integrity check samples instead.
 * <p>Needs pgbench on the PATH. Run: {@code ./mvnw -B -q -DskipTests test-compile} then
 * {@code ./mvnw -B -q exec:exec -Dexec.args="-classpath %classpath dev.normalizer.migration.ChildTenantPolicyBenchmark
 * 200000 20"}; prints a Markdown report.
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
        String db = MigrationDb.legacyDatabase();
        TestDatabase.loadGenerator(db, "fixture/generate-legacy-patients.sql");
        long lo;
        long hi;
        try (Connection c = TestDatabase.connect(db)) {
            MigrationDb.scalar(c, "SELECT generate_legacy_patients(" + patients + ")");
            MigrationDb.execute(c, "UPDATE patients SET tenant_id = 1, preferred_clinic_id = NULL");
            lo = MigrationDb.scalar(c, "SELECT min(id) FROM patients");
            hi = MigrationDb.scalar(c, "SELECT max(id) FROM patients");
        }
        MigrationDb.migrate(db, String.valueOf(MigrationDb.expandMigrations().headMap(12).lastKey()));
        List<String> report = new ArrayList<>();
        try (Connection c = TestDatabase.connect(db)) {
            MigrationDb.execute(c, "CREATE TABLE flat_copy AS SELECT * FROM patients_flat");
            MigrationDb.execute(c, "ALTER TABLE flat_copy ADD PRIMARY KEY (id)");
            MigrationDb.execute(c, "VACUUM ANALYZE");
            report.add(String.format(Locale.ROOT, "patients: %,d (ids %d to %d), child rows: %,d, child tables: %s",
                    hi - lo + 1, lo, hi, childRows(c), size(c)));
        }
        Map<String, String> arms = Map.of("flat", "SELECT * FROM flat_copy WHERE id = :id",
                "legacy", "SELECT * FROM v_patients_legacy WHERE id = :id", "normalized", NORMALIZED);
        double[] before = pgbench(db, arms, lo, hi, seconds, "before V12");

        long start = System.nanoTime();
        try (Connection c = TestDatabase.connect(db)) {
            String lsn = MigrationDb.string(c, "SELECT pg_current_wal_lsn()::text");
            MigrationDb.migrate(db, "12");
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
        double[] after = pgbench(db, arms, lo, hi, seconds, "after V12");

        System.out.println("| by random id, pgbench tps | before V12 | after V12 |");
        System.out.println("|---|---|---|");
        String[] names = {"flat", "legacy", "normalized"};
        for (int i = 0; i < names.length; i++) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f (%.1fx) | %,.0f (%.1fx) |%n", names[i], before[i],
                    before[0] / before[i], after[i], after[0] / after[i]);
        }
        report.forEach(line -> System.out.println("- " + line));
    }

    private static double[] pgbench(String db, Map<String, String> arms, long lo, long hi, int seconds, String when)
            throws IOException, InterruptedException {
        String[] names = {"flat", "legacy", "normalized"};
        double[] tps = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            Path script = Files.createTempFile(Path.of("target"), "pgbench-" + names[i], ".sql");
            Files.writeString(script, "\\set id random(" + lo + ", " + hi + ")\n"
                    + arms.get(names[i]).strip().replace('\n', ' ') + ";\n", StandardCharsets.UTF_8);
            boolean owner = names[i].equals("flat");
            String user = owner ? EmbeddedDatabase.OWNER : EmbeddedDatabase.APP_ROLE;
            ProcessBuilder pb = new ProcessBuilder("pgbench", "-n", "-M", "prepared", "-c", "8", "-j", "2", "-T",
                    String.valueOf(seconds), "-f", script.toString(), "-h", "localhost", "-p",
                    String.valueOf(TestDatabase.port()), "-U", user, db).redirectErrorStream(true);
            pb.environment().put("PGPASSWORD", owner ? EmbeddedDatabase.OWNER : EmbeddedDatabase.APP_PASSWORD);
            pb.environment().put("PGOPTIONS", "-c app.tenant_id=1");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
            if (!m.find() || out.contains("failed: ")) {
                throw new IllegalStateException("pgbench " + names[i] + " " + when + ":\n" + out);
            }
            tps[i] = Double.parseDouble(m.group(1));
            System.err.printf(Locale.ROOT, "[child-tenant] %s %s: %.0f tps%n", when, names[i], tps[i]);
        }
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
