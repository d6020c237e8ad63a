package dev.normalizer.benchmark;

import dev.normalizer.benchmark.LoadArm.Endpoint;
import dev.normalizer.readpath.FlagState;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.ServiceJvm;
import dev.normalizer.testsupport.ServiceProcess;
import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Patient reads under load: the service on every read path and in shadow mode, with and without the audit of reads,
 * next to its references, the thin Node server and pgbench, in one run.
 *
 * <p>Two services run side by side on the same database: one as in production, and one with
 * {@code AUDIT_READS=false}. An arm is an endpoint (a patient by random id, or one of the four lists filtered by a
 * random value) and who answers it ({@link LoadArm}): a service, for a caller whom the test flag file puts in one
 * state of the flag (legacy, normalized, shadow); the thin server, by id; or pgbench, running the same endpoint's
 * statements, or a row of the flat table. Every arm is warmed up, then the arms of one endpoint are loaded in turn,
 * one slice of {@code benchmark.slice-seconds} at a time, in an order that reverses every cycle, until each arm had
 * {@code benchmark.load-seconds}; then those of the next endpoint. The same load measured a minute apart differed by
 * up to 30 % on the 2-core machine (docs/benchmarks.md), more than the differences measured here; slices spread that
 * drift over every arm alike, and so every ratio comes from one run.
 */
final class ReadLoad {

    private static final Path FLAG_FILE = Path.of("config/read-path-by-user.json");

    /** Loads one arm for a while. */
    @FunctionalInterface
    private interface Loader {
        LoadRun load(Duration duration) throws Exception;
    }

    private final Report report;
    private final ServiceJvm jvm;
    /** The pgbench arms among {@link #arms}, for the count of their blocks. */
    private final Map<LoadArm, Pgbench> pgbenchArms = new LinkedHashMap<>();
    private final Path jar;
    private final BenchData data;
    private final Path outputDir;
    private final String timestamp;
    private final Endpoint byId;
    private final List<Endpoint> lists = new ArrayList<>();
    private final int connections = Integer.getInteger("benchmark.connections", 16);
    private final Duration warmUp = Duration.ofSeconds(Integer.getInteger("benchmark.load-warm-up-seconds", 10));
    private final Duration load = Duration.ofSeconds(Integer.getInteger("benchmark.load-seconds", 30));
    private final Duration slice = Duration.ofSeconds(Integer.getInteger("benchmark.slice-seconds", 5));
    private final int curveSeconds = Integer.getInteger("benchmark.warm-up-curve-seconds", 30);

    ReadLoad(Report report, ServiceJvm jvm, Path jar, BenchData data, Path outputDir, String timestamp) {
        this.report = report;
        this.jvm = jvm;
        this.jar = jar;
        this.data = data;
        this.outputDir = outputDir;
        this.timestamp = timestamp;
        this.byId = new Endpoint("GET /api/patients/{id}", "/api/patients/%s", data.ids(), null);
        for (ListFilter filter : ListFilter.values()) {
            lists.add(new Endpoint("GET /api/patients?" + filter.parameter() + "=…&size=" + ListFilter.PAGE_SIZE,
                    filter.template(), data.values(filter), filter));
        }
    }

    void run() throws Exception {
        long cycles = Math.max(1, load.toSeconds() / slice.toSeconds());
        Path scripts = Files.createDirectories(outputDir.resolve(timestamp + "-pgbench"));
        PgbenchArms pgbench = new PgbenchArms(data, scripts);
        // The production-like service starts last, so that its warm-up curve begins at its ready.
        try (ThinServer thin = ThinServer.start(data.database(),
                        outputDir.resolve(timestamp + "-thin-server.log").toAbsolutePath());
                ServiceProcess unaudited = start(false); ServiceProcess audited = start(true)) {
            Map<LoadArm, Loader> arms = arms(audited, unaudited, thin, pgbench);
            LoadArm curveArm = LoadArm.service(byId, FlagState.LEGACY, true);
            List<LoadRun> curve = new ArrayList<>();
            for (int second = 0; second < curveSeconds; second++) {
                curve.add(arms.get(curveArm).load(Duration.ofSeconds(1)));
            }
            report.setting("load", String.format("%d arms, each warmed up for %d s, then loaded in turn %d times for "
                    + "%d s (%d s each in all), one endpoint after the other; HTTP: wrk, 2 threads, %d connections, "
                    + "on loopback; pgbench %s: %d clients, 2 threads, prepared statements (scripts in %s); patients "
                    + "by %,d random ids and lists by up to %,d random values of each filter, of tenant 1",
                    arms.size(), warmUp.toSeconds(), cycles, slice.toSeconds(), cycles * slice.toSeconds(),
                    connections, pgbenchVersion(), Pgbench.CLIENTS, scripts, Files.readAllLines(data.ids()).size(),
                    BenchData.VALUES));
            Map<LoadArm, List<LoadRun>> slices = new LinkedHashMap<>();
            for (Map.Entry<LoadArm, Loader> arm : arms.entrySet()) {
                check(arm.getKey(), audited, unaudited, thin);
                Report.print("warm-up %s: %s", arm.getKey().label(), arm.getValue().load(warmUp).summary());
                slices.put(arm.getKey(), new ArrayList<>());
            }
            rotate(byId, arms, slices, cycles);
            long unauditedPeak = PeakRss.mib(unaudited.pid());
            report.figure("peak RSS (VmHWM) of the service with the audit of reads, after the reads by id",
                    Report.mebibytes(PeakRss.mib(audited.pid())));
            report.figure("peak RSS (VmHWM) of the thin Node server, after the reads by id",
                    Report.mebibytes(PeakRss.mib(thin.pid())));
            // From here on the peak is the list load's alone.
            PeakRss.reset(audited.pid());
            for (Endpoint list : lists) {
                rotate(list, arms, slices, cycles);
            }
            report.atMost("peak RSS (VmHWM) of the service with the audit of reads, under the list load",
                    PeakRss.mib(audited.pid()), 400, Report::mebibytes);

            Map<LoadArm, Totals> totals = new LinkedHashMap<>();
            slices.forEach((arm, runs) -> totals.put(arm, Totals.of(runs)));
            new WarmUpCurve(curve, totals.get(curveArm).requestsPerSecond()).report(report, curveArm.label());
            LoadFigures figures = new LoadFigures(report, totals);
            figures.issue6(byId, lists.get(0));
            figures.issue19(byId, lists);
            report.section("Patient reads under load", table(totals));
            Path chart = outputDir.resolve(timestamp + "-throughput.png");
            LoadChart.write(totals, chart);
            report.section("Chart", "![throughput and p99 per path and endpoint](" + chart.getFileName() + ")\n");
            report.section("What a pgbench transaction costs the database", costs());
            new PacedRuns(report, load).run(audited, byId, totals);
            shadowCounts(audited);
            report.figure("peak RSS (VmHWM) of the service without the audit of reads, after the reads by id",
                    Report.mebibytes(unauditedPeak));
        }
    }

    /** Every arm, by endpoint; the order of the table and of the first cycle. */
    private Map<LoadArm, Loader> arms(ServiceProcess audited, ServiceProcess unaudited, ThinServer thin,
            PgbenchArms pgbench) throws Exception {
        Map<LoadArm, Loader> arms = new LinkedHashMap<>();
        for (FlagState state : List.of(FlagState.LEGACY, FlagState.NORMALIZED, FlagState.SHADOW)) {
            arms.put(LoadArm.service(byId, state, true), wrk(audited.uri("/"), LoadArm.service(byId, state, true)));
        }
        for (FlagState state : LoadArm.PATHS) {
            arms.put(LoadArm.service(byId, state, false), wrk(unaudited.uri("/"), LoadArm.service(byId, state, false)));
        }
        Endpoint thinById = new Endpoint(byId.label(), "/patients/%s", byId.values(), null);
        arms.put(LoadArm.thin(byId), wrk(thin.uri("/"), LoadArm.thin(thinById)));
        pgbench(arms, LoadArm.flat(byId), pgbench.flat());
        for (FlagState path : LoadArm.PATHS) {
            pgbench(arms, LoadArm.pgbench(byId, path), pgbench.byId(path.served()));
        }
        for (Endpoint list : lists) {
            List<FlagState> states = list.filter() == ListFilter.SURNAME
                    ? List.of(FlagState.LEGACY, FlagState.NORMALIZED, FlagState.SHADOW)
                    : LoadArm.PATHS;
            for (FlagState state : states) {
                arms.put(LoadArm.service(list, state, true), wrk(audited.uri("/"), LoadArm.service(list, state, true)));
            }
            for (FlagState path : LoadArm.PATHS) {
                pgbench(arms, LoadArm.pgbench(list, path), pgbench.list(list.filter(), path.served()));
            }
        }
        return arms;
    }

    private void pgbench(Map<LoadArm, Loader> arms, LoadArm arm, Pgbench pgbench) {
        arms.put(arm, pgbench::run);
        pgbenchArms.put(arm, pgbench);
    }

    /**
     * Where the statements' time goes: the blocks that each pgbench arm's transaction touches, found in shared
     * buffers or read from outside them, which cost a system call and a copy each; and whether its statements were
     * planned again at each run (prepared statements whose generic plan PostgreSQL did not keep), and for how long.
     */
    private String costs() throws Exception {
        StringBuilder table = new StringBuilder("| endpoint | what | blocks in shared buffers | blocks read from "
                + "outside them | plans | planning | execution |\n|---|---|---|---|---|---|---|\n");
        Pgbench.trackStatements(true);
        try {
            for (Map.Entry<LoadArm, Pgbench> arm : pgbenchArms.entrySet()) {
                Pgbench.Costs costs = arm.getValue().costs(slice);
                table.append(String.format("| %s | %s | %.1f | %.1f | %.2f | %.3f ms | %.3f ms |%n",
                        arm.getKey().endpoint().label(), arm.getKey().what(), costs.hit(), costs.read(),
                        costs.plans(), costs.planningMs(), costs.executionMs()));
            }
        } finally {
            Pgbench.trackStatements(false);
        }
        return table + "\nPer transaction, over one more run of " + slice.toSeconds() + " s of each arm: blocks "
                + "from pg_stat_database (shared_buffers is in the settings above); plans, planning and execution "
                + "time of its statements from pg_stat_statements, which the benchmark keeps for these runs alone. "
                + "A prepared statement whose generic plan PostgreSQL keeps is planned only for its first runs on each "
                + "of pgbench's " + Pgbench.CLIENTS + " connections: well under one plan per transaction.\n";
    }

    private Loader wrk(URI base, LoadArm arm) {
        return duration -> Wrk.run(base, arm.endpoint().template(), arm.endpoint().values(), arm.token(),
                connections, duration);
    }

    /** The arms of one endpoint in turn, a slice each, reversing the order every cycle. */
    private void rotate(Endpoint endpoint, Map<LoadArm, Loader> arms, Map<LoadArm, List<LoadRun>> slices,
            long cycles) throws Exception {
        List<LoadArm> group = arms.keySet().stream().filter(arm -> arm.endpoint().equals(endpoint)).toList();
        for (long cycle = 0; cycle < cycles; cycle++) {
            List<LoadArm> order = new ArrayList<>(group);
            if (cycle % 2 == 1) {
                Collections.reverse(order);
            }
            for (LoadArm arm : order) {
                slices.get(arm).add(arms.get(arm).load(slice));
            }
        }
    }

    private ServiceProcess start(boolean auditReads) throws Exception {
        Path log = outputDir.resolve(timestamp + "-service-load-audit-reads-" + auditReads + ".log").toAbsolutePath();
        ServiceProcess service = ServiceProcess.start(jvm, jar, TestDatabase.jdbcUrl(data.database()), Map.of(
                "UNLEASH_BOOTSTRAP_FILE", FLAG_FILE.toAbsolutePath().toString(), "AUDIT_READS",
                Boolean.toString(auditReads)), log);
        service.awaitAnswer("/q/health/ready", r -> r.statusCode() == 200, Duration.ofMinutes(5));
        return service;
    }

    private static String table(Map<LoadArm, Totals> totals) {
        StringBuilder table = new StringBuilder("| endpoint | answered by | what | audit of reads | throughput | p50 "
                + "| p99 | p99.9 | max | requests | errors |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        totals.forEach((arm, t) -> table.append(String.format("| %s | %s | %s | %s | %,.0f req/s | %s | %s | %s | %s "
                + "| %,d | %,d |%n", arm.endpoint().label(), arm.serverLabel(), arm.what(),
                arm.server() != LoadArm.Server.SERVICE ? "" : arm.audited() ? "on" : "off", t.requestsPerSecond(),
                Report.millis(t.p50Ms()), Report.millis(t.p99Ms()), Report.millis(t.p999Ms()),
                Report.millis(t.maxMs()), t.requests(), t.errors())));
        return table + "\nThroughput: all requests (for pgbench, transactions) of the arm's slices over their time. "
                + "p50, p99 and p99.9: the median over the slices of each slice's figure; max: the worst slice's. "
                + "Errors: answers other than 2xx, timeouts (10 s) and other socket errors; for pgbench, failed "
                + "transactions.\n";
    }

    /** What shadow mode found over the whole load, from the production-like service's metrics. */
    private void shadowCounts(ServiceProcess service) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.uri("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        report.figure("shadow comparisons during the load", String.format("%,.0f made, %,.0f with a mismatch, "
                + "%,.0f dropped", sum(metrics, "normalizer_shadow_comparisons_total"),
                sum(metrics, "normalizer_shadow_comparisons_total{", "outcome=\"mismatch\""),
                sum(metrics, "normalizer_shadow_dropped_total")));
    }

    private static double sum(String metrics, String prefix, String... labels) {
        return metrics.lines().filter(l -> l.startsWith(prefix) && List.of(labels).stream().allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * The load would be meaningless in the wrong state or on errors: one request first, checked (pgbench's
     * statements were checked when their arms were made).
     */
    private void check(LoadArm arm, ServiceProcess audited, ServiceProcess unaudited, ThinServer thin)
            throws Exception {
        String first = Files.readAllLines(arm.endpoint().values()).get(0);
        HttpClient http = HttpClient.newHttpClient();
        switch (arm.server()) {
            case SERVICE -> {
                ServiceProcess service = arm.audited() ? audited : unaudited;
                URI uri = service.uri(String.format(arm.endpoint().template(), first));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Authorization",
                        "Bearer " + arm.token()).build(), HttpResponse.BodyHandlers.ofString());
                String served = response.headers().firstValue(ReadPath.HEADER).orElse("none");
                if (response.statusCode() != 200 || !served.equals(arm.state().served().headerValue())) {
                    throw new IllegalStateException("expected 200 from the " + arm.state().served().headerValue()
                            + " path for " + arm.label() + ", got " + response.statusCode() + " from " + served + ": "
                            + response.body());
                }
            }
            case THIN -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(thin.uri("/patients/" + first))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !response.body().startsWith("{")) {
                    throw new IllegalStateException("expected a patient from the thin server, got "
                            + response.statusCode() + ": " + response.body());
                }
            }
            default -> {
            }
        }
    }

    private static String pgbenchVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(System.getProperty("benchmark.pgbench", "pgbench"), "--version")
                .redirectErrorStream(true).start();
        String version = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return version.replaceFirst("^pgbench \\(PostgreSQL\\) ", "");
    }
}
