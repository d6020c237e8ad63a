package dev.normalizer.benchmark;

import com.sun.management.OperatingSystemMXBean;
import dev.normalizer.migration.MigrationDb;
import dev.normalizer.testsupport.ServiceJvm;
import dev.normalizer.testsupport.ServiceProcess;
import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The service's benchmark on generated legacy data, rerunnable by anyone with {@code src/benchmark/run.sh}: it
 * builds a legacy database of N patients in an embedded PostgreSQL, migrates it (the backfill), times the
 * integrity suite on it, then starts the packaged service on it and times its readiness and its integrity probe,
 * and finally loads it with patient reads from wrk on every read path, in shadow mode, and with and without the
 * audit of reads, next to its references, a thin Node server and pgbench on the same database ({@link ReadLoad}).
 * Every step is timed and printed; the figures end up in a markdown report in {@code target/benchmark/}.
 *
 * <p>Arguments: {@code [patients]} (default 1,000,000), or system properties {@code benchmark.patients},
 * {@code benchmark.users} (default a tenth of the patients), {@code benchmark.probes} (1,000),
 * {@code benchmark.warm-up} (1,000), {@code benchmark.suite-runs} (3), {@code benchmark.jar}
 * (target/quarkus-app/quarkus-run.jar), and for the load {@code benchmark.connections} (16),
 * {@code benchmark.load-warm-up-seconds} (10), {@code benchmark.load-seconds} (30), {@code benchmark.slice-seconds}
 * (5), {@code benchmark.paced-connections} (100), {@code benchmark.paced-rate} (none), {@code benchmark.pgbench}
 * (pgbench) and {@code benchmark.pg-dir} (where the thin server's npm package {@code pg} is installed). What the
 * figures mean: docs/benchmarks.md.
 */
public final class Benchmark {

    /** The bound for an answer of {@code /q/health/group/integrity}. */
    static final double PROBE_TARGET_MS = 50;
    /** A later target for one run of the whole integrity suite on a million patients. */
    static final double SUITE_TARGET_MS = 2000;
    private static final String INTEGRITY = "/q/health/group/integrity";
    /** Issue 19: ready within 2 s of the start, the image's way. */
    static final double READY_TARGET_MS = 2000;

    private final int patients;
    private final int users;
    private final Path outputDir = Path.of("target", "benchmark");
    private final String timestamp = ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
    private final Report report;
    private final Path jar = Path.of(System.getProperty("benchmark.jar", "target/quarkus-app/quarkus-run.jar"));
    /** The java of the image's start: Java 25, whose AOT cache the image carries. */
    private final Path serviceJava = Path.of(System.getProperty("benchmark.service-java",
            "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
    private String database;
    private ServiceJvm jvm;

    private Benchmark(int patients, int users) {
        this.patients = patients;
        this.users = users;
        this.report = new Report(String.format("Benchmark %s: %,d patients, %,d users", timestamp, patients, users));
    }

    public static void main(String[] args) {
        int patients = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", ""))
                : Integer.getInteger("benchmark.patients", 1_000_000);
        int users = Integer.getInteger("benchmark.users", patients / 10);
        try {
            new Benchmark(patients, users).run();
            System.exit(0);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private void run() throws Exception {
        machine();
        buildDatabase();
        report.setting("load average (1, 5, 15 min) before the integrity suite", loadAverage());
        timeSuite();
        jvm = imageJvm();
        report.setting("load average (1, 5, 15 min) before the service", loadAverage());
        timeStarts();
        timeService();
        Report.print("make the bench schema ...");
        long start = System.nanoTime();
        BenchData data = BenchData.create(database, outputDir, timestamp);
        report.figure("make the bench schema (sample ids and list values, the flat copy of the legacy view)",
                Report.millis((System.nanoTime() - start) / 1e6));
        report.setting("load average (1, 5, 15 min) before the load", loadAverage());
        new ReadLoad(report, jvm, jar, data, outputDir, timestamp).run();
        report.setting("load average (1, 5, 15 min) at the end", loadAverage());
        report.write(outputDir.resolve(timestamp + ".md"));
    }

    private void machine() {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        report.setting("machine", String.format("%d cores, %.1f GiB of memory, %s %s",
                os.getAvailableProcessors(), os.getTotalMemorySize() / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch")));
        report.setting("Java", System.getProperty("java.vm.name") + " " + Runtime.version()
                + " (the driver; the service runs the image's way, see \"service JVM\")");
        report.setting("load average (1, 5, 15 min) at the start", loadAverage());
    }

    /** Other work on the machine skews every figure: the report says how busy it was. */
    private static String loadAverage() {
        try {
            return String.join(", ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The legacy database, as a DBA would hand it over, then migrated in place as the service would. */
    private void buildDatabase() throws Exception {
        step("start the embedded PostgreSQL", () -> {
            TestDatabase.port(Pgbench.SERVER_SETTINGS);
            Pgbench.trackStatements(false);
        });
        database = TestDatabase.uniqueName("benchmark");
        step("create the legacy database (schema and the 300-patient fixture)", () -> {
            TestDatabase.createLegacyDatabase(database);
            TestDatabase.loadGenerator(database, "fixture/generate-legacy-patients.sql");
            TestDatabase.loadGenerator(database, "fixture/generate-legacy-customers.sql");
        });
        step(String.format("generate %,d legacy patients", patients),
                () -> execute("SELECT generate_legacy_patients(" + patients + ")"));
        step(String.format("generate %,d legacy users (with their orders and reservations)", users),
                () -> execute("SELECT generate_legacy_customers(" + users + ")"));
        step("VACUUM ANALYZE the legacy database", () -> execute("VACUUM ANALYZE"));

        long start = System.nanoTime();
        MigrateResult migration = MigrationDb.migrate(database, MigrationDb.LAST_EXPAND_VERSION);
        double backfillMs = (System.nanoTime() - start) / 1e6;
        report.figure("migration to V" + MigrationDb.LAST_EXPAND_VERSION + " (the backfill)",
                Report.millis(backfillMs) + " (" + migration.migrations.stream()
                        .map(m -> "V" + m.version + " " + Report.millis(m.executionTime))
                        .collect(Collectors.joining(", ")) + ")");
        step("VACUUM ANALYZE the migrated database", () -> execute("VACUUM ANALYZE"));

        report.setting("PostgreSQL", query("SELECT split_part(version(), ' ', 2) || ', shared_buffers '"
                + " || current_setting('shared_buffers') || ', work_mem ' || current_setting('work_mem')"
                + " || ', shared_preload_libraries ' || current_setting('shared_preload_libraries')"));
        report.setting("data", String.format("%,d legacy patients (%,d in patient_core, %,d child rows), "
                + "%,d customers, %,d orders, %,d reservations; database %s",
                count("patients_flat"), count("patient_core"), Long.parseLong(query("SELECT sum((xpath("
                        + "'/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', tablename), false, "
                        + "true, '')))[1]::text::bigint) FROM pg_tables WHERE schemaname = 'public' "
                        + "AND tablename LIKE 'patient\\_%' AND tablename <> 'patient_core'")),
                count("customers"), count("orders"), count("reservations"),
                query("SELECT pg_size_pretty(pg_database_size(current_database()))")));
    }

    private void timeSuite() throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(TestDatabase.jdbcUrl(database));
        dataSource.setUser("postgres");
        dataSource.setPassword("postgres");
        SuiteRuns suite = new SuiteRuns();
        List<SuiteRuns.Run> runs = suite.time(dataSource, Integer.getInteger("benchmark.suite-runs", 3));
        for (String kind : List.of("one connection", SuiteRuns.PARALLELISM + " at a time")) {
            List<SuiteRuns.Run> ofKind = runs.stream().filter(r -> r.label().startsWith(kind)).toList();
            String name = "integrity suite, " + kind + ", median of " + ofKind.size() + " runs";
            double median = ofKind.stream().mapToDouble(SuiteRuns.Run::totalMs).sorted()
                    .skip(ofKind.size() / 2).findFirst().orElseThrow();
            report.figure(name, median, SUITE_TARGET_MS);
            ofKind.stream().filter(r -> !r.down().isEmpty()).findFirst()
                    .ifPresent(r -> report.figure("integrity checks DOWN (" + r.label() + ")", r.down().toString()));
        }
        report.section("Integrity suite run directly, per check (ms)", suite.perCheckTable());
    }

    /**
     * The image's start (testsupport/ServiceJvm): its ENTRYPOINT's options, with an AOT cache made here by the image's
     * training run on the same java; without Java 25 at {@code benchmark.service-java}, the same options without it.
     */
    private ServiceJvm imageJvm() throws Exception {
        if (!Files.isExecutable(serviceJava)) {
            report.setting("service JVM", "the image's options without its AOT cache: no java at " + serviceJava
                    + " (set benchmark.service-java to a Java 25)");
            return ServiceJvm.image(ServiceJvm.current().java(), Optional.empty());
        }
        Path cache = outputDir.resolve(timestamp + "-app.aot").toAbsolutePath();
        Files.createDirectories(outputDir);
        long start = System.nanoTime();
        Process training = new ProcessBuilder("bash", "src/main/docker/aot-training.sh", serviceJava.toString(),
                jar.getParent().toString(), cache.toString(), "config/read-path-by-user.json")
                .redirectErrorStream(true).redirectOutput(outputDir.resolve(timestamp + "-aot-training.log").toFile())
                .start();
        if (training.waitFor() != 0) {
            throw new IllegalStateException("the AOT training run failed: " + outputDir.resolve(timestamp
                    + "-aot-training.log"));
        }
        report.figure("AOT cache: the image's training run (src/main/docker/aot-training.sh)",
                Report.millis((System.nanoTime() - start) / 1e6) + String.format(", %,d MiB",
                        Files.size(cache) / (1024 * 1024)));
        ServiceJvm image = ServiceJvm.image(serviceJava, Optional.of(cache));
        report.setting("service JVM", image.java() + " " + String.join(" ", image.options())
                + " (the image's ENTRYPOINT; -XX:MaxRAM is the container's memory limit)");
        return image;
    }

    /** Start to ready, the image's way, a few times over: each start a fresh JVM on the migrated database. */
    private void timeStarts() throws Exception {
        int starts = Integer.getInteger("benchmark.starts", 5);
        List<Double> readyMs = new ArrayList<>();
        for (int i = 1; i <= starts; i++) {
            Path log = outputDir.resolve(timestamp + "-start-" + i + ".log").toAbsolutePath();
            try (ServiceProcess service = ServiceProcess.start(jvm, jar, TestDatabase.jdbcUrl(database), Map.of(),
                    log)) {
                readyMs.add(service.awaitAnswer("/q/health/ready", r -> r.statusCode() == 200,
                        Duration.ofMinutes(5)).toNanos() / 1e6);
            }
        }
        List<Double> sorted = readyMs.stream().sorted().toList();
        report.figure(String.format("service start to /q/health/ready UP, median of %d starts", starts),
                sorted.get(starts / 2), READY_TARGET_MS);
        report.figure("service start to ready, each start", readyMs.stream().map(Report::millis)
                .collect(Collectors.joining(", ")));
    }

    /** The packaged service on the migrated database: readiness, the first background run, the probe, memory. */
    private void timeService() throws Exception {
        Path log = outputDir.resolve(timestamp + "-service.log").toAbsolutePath();
        Files.createDirectories(outputDir);
        try (ServiceProcess service = ServiceProcess.start(jvm, jar, TestDatabase.jdbcUrl(database), Map.of(), log)) {
            report.setting("service", jar + " as process " + service.pid() + ", log " + log);
            Duration ready = service.awaitAnswer("/q/health/ready", r -> r.statusCode() == 200,
                    Duration.ofMinutes(5));
            report.figure("service start to /q/health/ready UP", Report.millis(ready.toNanos() / 1e6));
            Duration checked = service.awaitAnswer(INTEGRITY, r -> !r.body().contains("not yet run"),
                    Duration.ofMinutes(10));
            report.figure("ready to the first cached integrity result",
                    Report.millis(checked.minus(ready).toNanos() / 1e6));
            HttpResponse<String> first = new HttpProbe(service.uri(INTEGRITY)).get();
            report.figure("integrity group answer", first.statusCode() + (first.statusCode() == 200 ? " UP" : " DOWN"));
            if (first.statusCode() != 200) {
                Report.print("integrity group body: %s", first.body());
            }

            int warmUp = Integer.getInteger("benchmark.warm-up", 1000);
            int probes = Integer.getInteger("benchmark.probes", 1000);
            HttpProbe probe = new HttpProbe(service.uri(INTEGRITY));
            Latencies cold = probe.time(warmUp).latencies();
            report.figure(String.format("integrity probe, warm-up (the first %,d after the first result)", warmUp),
                    String.format("p50 %s, p99 %s, max %s", Report.millis(cold.percentileMs(50)),
                            Report.millis(cold.percentileMs(99)), Report.millis(cold.maxMs())));
            HttpProbe.Series series = probe.time(probes);
            Latencies latencies = series.latencies();
            Report.print("integrity probe: %s, statuses %s", latencies, series.statuses());
            report.figure(String.format("integrity probe p50 (%,d sequential, after the warm-up)", probes),
                    latencies.percentileMs(50), PROBE_TARGET_MS);
            report.figure("integrity probe p99", latencies.percentileMs(99), PROBE_TARGET_MS);
            report.figure("integrity probe p99.9", latencies.percentileMs(99.9), PROBE_TARGET_MS);
            report.figure("integrity probe max", latencies.maxMs(), PROBE_TARGET_MS);
            report.figure("integrity probe statuses", series.statuses().toString());
            report.figure("service peak RSS (VmHWM)", String.format("%,d MiB", service.peakRssKib() / 1024));
            long stopStart = System.nanoTime();
            int exit = service.stop();
            boolean clean = Files.readString(log).contains(" stopped in ");
            report.figure("service stop (SIGTERM to exit)", Report.millis((System.nanoTime() - stopStart) / 1e6)
                    + ", exit code " + exit + (clean ? ", Quarkus logged its clean stop" : ", no clean stop logged"));
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private void step(String name, Step step) throws Exception {
        Report.print("%s ...", name);
        long start = System.nanoTime();
        step.run();
        report.figure(name, Report.millis((System.nanoTime() - start) / 1e6));
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String table) throws SQLException {
        return Long.parseLong(query("SELECT count(*) FROM " + table));
    }

    private String query(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
