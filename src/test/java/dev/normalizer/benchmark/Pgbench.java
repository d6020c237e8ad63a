package dev.normalizer.benchmark;

import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * pgbench (PostgreSQL's own load tool; Debian's, which src/benchmark/run.sh installs) running one script against the
 * benchmark's database: {@value #CLIENTS} clients on 2 threads, prepared statements, for a given time, each
 * transaction logged. Its figures are those of wrk's runs: transactions per second, and percentiles of the logged
 * transactions' latencies.
 *
 * @param user the role to connect as; {@code tenant} non-null sets {@code app.tenant_id} for the connections'
 *     sessions (libpq's {@code PGOPTIONS}), which the row-level security policies read as they read the service's
 *     setting for its transactions
 */
record Pgbench(String database, Path script, String user, String password, Integer tenant) {

    static final int CLIENTS = 8;
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    /**
     * The server settings pgbench's figures of {@link #costs} need: statement statistics with planning counted
     * ({@code pg_stat_statements}, which every statement of the benchmark then pays a little for, on every arm alike).
     */
    static final Map<String, String> SERVER_SETTINGS = Map.of("shared_preload_libraries", "pg_stat_statements",
            "pg_stat_statements.track_planning", "on");

    /**
     * What one transaction of a run cost the database: the blocks it touched, found in shared buffers ({@code hit})
     * or read from outside them (the operating system's cache, or the disk); how often its statements were planned,
     * and the milliseconds of planning and of execution.
     */
    record Costs(double hit, double read, double plans, double planningMs, double executionMs) {
    }

    /**
     * Runs the script for {@code duration} and reads what its transactions cost from the database's statistics,
     * before and after the run: {@code pg_stat_database}, which each backend adds to when it ends (pgbench's
     * connections end with the run), and {@code pg_stat_statements} ({@link BenchData} creates it). Anything else
     * running in the database meanwhile counts too: the load is idle then but for the audit writer.
     */
    Costs costs(Duration duration) throws IOException, InterruptedException, SQLException {
        double[] before = counters();
        LoadRun run = run(duration);
        Thread.sleep(500);
        double[] after = counters();
        double[] per = new double[before.length];
        for (int i = 0; i < per.length; i++) {
            per[i] = (after[i] - before[i]) / run.requests();
        }
        return new Costs(per[0], per[1], per[2], per[3], per[4]);
    }

    /** Blocks hit and read, then plans, planning and execution ms of the database's statements, all so far. */
    private double[] counters() throws SQLException {
        try (Connection c = TestDatabase.connect(database); Statement s = c.createStatement()) {
            double[] counters = new double[5];
            try (ResultSet rs = s.executeQuery("SELECT blks_hit, blks_read FROM pg_stat_database "
                    + "WHERE datname = current_database()")) {
                rs.next();
                counters[0] = rs.getLong(1);
                counters[1] = rs.getLong(2);
            }
            try (ResultSet rs = s.executeQuery("SELECT coalesce(sum(plans), 0), coalesce(sum(total_plan_time), 0), "
                    + "coalesce(sum(total_exec_time), 0) FROM " + BenchData.SCHEMA + ".pg_stat_statements "
                    + "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
                rs.next();
                counters[2] = rs.getLong(1);
                counters[3] = rs.getDouble(2);
                counters[4] = rs.getDouble(3);
            }
            return counters;
        }
    }

    LoadRun run(Duration duration) throws IOException, InterruptedException {
        Path logs = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pgbench-log");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(System.getProperty("benchmark.pgbench", "pgbench"),
                    "--no-vacuum", "--protocol=prepared", "--client=" + CLIENTS, "--jobs=2",
                    "--time=" + duration.toSeconds(), "--file=" + script.toAbsolutePath(), "--log",
                    "--log-prefix=" + logs.resolve("tx"), "--host=localhost", "--port=" + TestDatabase.port(),
                    "--username=" + user, database)).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", password);
            if (tenant != null) {
                builder.environment().put("PGOPTIONS", "-c app.tenant_id=" + tenant);
            }
            Process pgbench;
            try {
                pgbench = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("pgbench is not installed: src/benchmark/run.sh installs it", e);
            }
            String output = new String(pgbench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (pgbench.waitFor() != 0 || !TPS.matcher(output).find()) {
                throw new IllegalStateException("pgbench failed on " + script + ":\n" + output);
            }
            return figures(output, logs);
        } finally {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(logs);
        }
    }

    /** Per-transaction log lines: client, transaction, latency in µs (or why it failed), script, time. */
    private static LoadRun figures(String output, Path logs) throws IOException {
        List<Long> nanos = new ArrayList<>();
        long failedInLog = 0;
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    String latency = line.split(" ")[2];
                    if (latency.chars().allMatch(Character::isDigit)) {
                        nanos.add(Long.parseLong(latency) * 1000);
                    } else {
                        failedInLog++;
                    }
                }
            }
        }
        long processed = Long.parseLong(first(PROCESSED, output, "0"));
        long failed = Math.max(failedInLog, Long.parseLong(first(FAILED, output, "0")));
        double tps = Double.parseDouble(first(TPS, output, "0"));
        if (nanos.isEmpty()) {
            return new LoadRun(1, 0, failed, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        Latencies latencies = Latencies.of(nanos);
        return new LoadRun(processed / tps, processed, failed, 0, latencies.percentileMs(50),
                latencies.percentileMs(99), latencies.percentileMs(99.9), latencies.maxMs());
    }

    private static String first(Pattern pattern, String output, String otherwise) {
        Matcher m = pattern.matcher(output);
        return m.find() ? m.group(1) : otherwise;
    }
}
