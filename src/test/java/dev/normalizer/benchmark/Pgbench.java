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
     * ({@code pg_stat_statements}), kept only while {@link #trackStatements} says so, so that the load's other arms
     * do not pay for them. Whether to keep them is not among these: a setting given at the server's start cannot be
     * changed by a reload.
     */
    static final Map<String, String> SERVER_SETTINGS = Map.of("shared_preload_libraries", "pg_stat_statements",
            "pg_stat_statements.track_planning", "on");

    /**
     * What the database's statements cost, in all so far, or per transaction of a run: the blocks they touched,
     * found in shared buffers ({@code hit}) or read from outside them (the operating system's cache, or the disk);
     * how often they were planned, and the milliseconds of planning and of execution.
     */
    record Costs(double hit, double read, double plans, double planningMs, double executionMs) {

        /** What was added to the counters since {@code before}, per one of {@code transactions}. */
        Costs since(Costs before, long transactions) {
            return new Costs((hit - before.hit) / transactions, (read - before.read) / transactions,
                    (plans - before.plans) / transactions, (planningMs - before.planningMs) / transactions,
                    (executionMs - before.executionMs) / transactions);
        }
    }

    /**
     * Has the server keep statement statistics for the connections that start from now on, or stop keeping them
     * ({@code pg_stat_statements.track}, for the whole server, reloaded without a restart).
     */
    static void trackStatements(boolean on) throws SQLException {
        try (Connection c = TestDatabase.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET pg_stat_statements.track = '" + (on ? "top" : "none") + "'");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /**
     * Runs the script for {@code duration} and reads what its transactions cost from the database's statistics,
     * before and after the run: {@code pg_stat_database}, which each backend adds to when it ends (pgbench's
     * connections end with the run), and {@code pg_stat_statements} ({@link BenchData} creates it), which counts only
     * while {@link #trackStatements} is on. Anything else running in the database meanwhile counts too: the load is
     * idle then but for the audit writer.
     */
    Costs costs(Duration duration) throws IOException, InterruptedException, SQLException {
        Costs before = counters();
        LoadRun run = run(duration);
        Thread.sleep(500);
        return counters().since(before, run.requests());
    }

    /** The database's counters, all so far. */
    private Costs counters() throws SQLException {
        try (Connection c = TestDatabase.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT d.blks_hit, d.blks_read, coalesce(sum(t.plans), 0), "
                        + "coalesce(sum(t.total_plan_time), 0), coalesce(sum(t.total_exec_time), 0) "
                        + "FROM pg_stat_database d LEFT JOIN " + BenchData.SCHEMA + ".pg_stat_statements t "
                        + "ON t.dbid = d.datid WHERE d.datname = current_database() "
                        + "GROUP BY d.blks_hit, d.blks_read")) {
            rs.next();
            return new Costs(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5));
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
