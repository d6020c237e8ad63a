package dev.normalizer.benchmark;

import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.FlagState;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.ServiceProcess;
import dev.normalizer.testsupport.Tokens;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Patient reads under load from wrk, on every read path and in shadow mode, with and without the audit of reads.
 *
 * <p>Two services run side by side on the same database: one as in production, and one with
 * {@code AUDIT_READS=false}. An arm is one service, one endpoint (a patient by random id, or the list filtered by a
 * random surname) and one caller, whom the test flag file puts in one state of the flag (legacy, normalized,
 * shadow). Every arm is warmed up, then wrk loads the arms of one endpoint in turn, one slice of
 * {@code benchmark.slice-seconds} at a time, in an order that reverses every cycle, until each arm had
 * {@code benchmark.load-seconds}; then those of the other endpoint. The same load
 * measured a minute apart differed by up to 30 % on the 2-core machine (docs/benchmarks.md), more than the
 * differences measured here; slices spread that drift over every arm alike.
 */
final class ReadLoad {

    static final double AUDIT_COST_TARGET_PERCENT = 10;
    static final double PATH_RATIO_TARGET = 0.9;
    static final double SHADOW_P50_TARGET = 1.1;
    static final double PACED_P99_TARGET_MS = 5;
    private static final Path FLAG_FILE = Path.of("config/read-path-by-user.json");

    /** What an arm requests: a template with one {@code %s}, filled from a file of values. */
    private record Endpoint(String label, String template, Path values) {
    }

    private record Arm(boolean audited, Endpoint endpoint, FlagState state) {
        String label() {
            return endpoint.label() + ", " + state.label() + (audited ? "" : ", audit of reads off");
        }
    }

    /** The slices of one arm, summed up. */
    private record Totals(double requestsPerSecond, double p50Ms, double p99Ms, double p999Ms, double maxMs,
            long requests, long errors) {

        static Totals of(List<Wrk.Run> slices) {
            long requests = slices.stream().mapToLong(Wrk.Run::requests).sum();
            double seconds = slices.stream().mapToDouble(Wrk.Run::seconds).sum();
            // A slice in which no answer came back has no latencies (and NaN says so, never "met").
            List<Wrk.Run> answered = slices.stream().filter(r -> r.requests() > 0).toList();
            return new Totals(requests / seconds, median(answered, Wrk.Run::p50Ms), median(answered, Wrk.Run::p99Ms),
                    median(answered, Wrk.Run::p999Ms), answered.stream().mapToDouble(Wrk.Run::maxMs).max()
                            .orElse(Double.NaN), requests,
                    slices.stream().mapToLong(r -> r.non2xx() + r.socketErrors()).sum());
        }

        private static double median(List<Wrk.Run> slices, ToDoubleFunction<Wrk.Run> value) {
            double[] sorted = slices.stream().mapToDouble(value).sorted().toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    private final Report report;
    private final Path jar;
    private final String jdbcUrl;
    private final Path outputDir;
    private final String timestamp;
    private final Endpoint byId;
    private final Endpoint list;
    private final List<Arm> arms;
    private final int connections = Integer.getInteger("benchmark.connections", 16);
    private final Duration warmUp = Duration.ofSeconds(Integer.getInteger("benchmark.load-warm-up-seconds", 10));
    private final Duration load = Duration.ofSeconds(Integer.getInteger("benchmark.load-seconds", 30));
    private final Duration slice = Duration.ofSeconds(Integer.getInteger("benchmark.slice-seconds", 5));
    private final int pacedRate = Integer.getInteger("benchmark.paced-rate", 1000);
    private final int pacedConnections = Integer.getInteger("benchmark.paced-connections", 100);

    ReadLoad(Report report, Path jar, String jdbcUrl, Path ids, Path surnames, Path outputDir, String timestamp) {
        this.report = report;
        this.jar = jar;
        this.jdbcUrl = jdbcUrl;
        this.outputDir = outputDir;
        this.timestamp = timestamp;
        this.byId = new Endpoint("GET /api/patients/{id}", "/api/patients/%s", ids);
        this.list = new Endpoint("GET /api/patients?surname=&size=20", "/api/patients?surname=%s&size=20",
                surnames);
        List<Arm> all = new ArrayList<>();
        for (Endpoint endpoint : List.of(byId, list)) {
            for (FlagState state : FlagState.values()) {
                all.add(new Arm(true, endpoint, state));
            }
        }
        all.add(new Arm(false, byId, FlagState.LEGACY));
        all.add(new Arm(false, byId, FlagState.NORMALIZED));
        this.arms = List.copyOf(all);
    }

    void run() throws Exception {
        long cycles = Math.max(1, load.toSeconds() / slice.toSeconds());
        report.setting("load", String.format("wrk, 2 threads, %d connections, on loopback; %d arms, each warmed up "
                + "for %d s, then loaded in turn %d times for %d s (%d s each in all); patients by %,d random ids "
                + "and lists by %,d random surnames, of tenant 1", connections, arms.size(), warmUp.toSeconds(),
                cycles, slice.toSeconds(), cycles * slice.toSeconds(), lines(byId.values()), lines(list.values())));
        try (ServiceProcess audited = start(true); ServiceProcess unaudited = start(false)) {
            Map<Arm, List<Wrk.Run>> slices = new LinkedHashMap<>();
            for (Arm arm : arms) {
                ServiceProcess service = arm.audited() ? audited : unaudited;
                checkState(service, arm);
                wrk(service, arm, warmUp);
                slices.put(arm, new ArrayList<>());
            }
            // One endpoint after the other: a slow list's queries outlive its slice and would weigh on the next.
            for (Endpoint endpoint : List.of(byId, list)) {
                List<Arm> group = arms.stream().filter(arm -> arm.endpoint().equals(endpoint)).toList();
                for (long cycle = 0; cycle < cycles; cycle++) {
                    List<Arm> order = new ArrayList<>(group);
                    if (cycle % 2 == 1) {
                        Collections.reverse(order);
                    }
                    for (Arm arm : order) {
                        slices.get(arm).add(wrk(arm.audited() ? audited : unaudited, arm, slice));
                    }
                }
            }
            Map<Arm, Totals> totals = new LinkedHashMap<>();
            slices.forEach((arm, runs) -> totals.put(arm, Totals.of(runs)));
            figures(totals);
            report.section("Patient reads under load (wrk)", table(totals));
            paced(audited);
            shadowCounts(audited);
            report.figure("peak RSS (VmHWM) of the service with the audit of reads, after the load",
                    String.format("%,d MiB", audited.peakRssKib() / 1024));
            report.figure("peak RSS (VmHWM) of the service without it, after the load",
                    String.format("%,d MiB", unaudited.peakRssKib() / 1024));
        }
    }

    private ServiceProcess start(boolean auditReads) throws Exception {
        Path log = outputDir.resolve(timestamp + "-service-load-audit-reads-" + auditReads + ".log").toAbsolutePath();
        ServiceProcess service = ServiceProcess.start(jar, jdbcUrl, Map.of("UNLEASH_BOOTSTRAP_FILE",
                FLAG_FILE.toAbsolutePath().toString(), "AUDIT_READS", Boolean.toString(auditReads)), log);
        service.awaitAnswer("/q/health/ready", r -> r.statusCode() == 200, Duration.ofMinutes(5));
        return service;
    }

    private Wrk.Run wrk(ServiceProcess service, Arm arm, Duration duration) throws Exception {
        return Wrk.run(service.uri("/"), arm.endpoint().template(), arm.endpoint().values(), token(arm), connections,
                duration);
    }

    private static String token(Arm arm) {
        String user = switch (arm.state()) {
            case LEGACY -> Api.user(ReadPath.LEGACY);
            case NORMALIZED -> Api.user(ReadPath.NORMALIZED);
            case SHADOW -> Api.SHADOW_USER;
        };
        return Tokens.of(user, 1, Roles.CLINICIAN);
    }

    private void figures(Map<Arm, Totals> totals) {
        for (ReadPath path : ReadPath.values()) {
            FlagState state = path == ReadPath.LEGACY ? FlagState.LEGACY : FlagState.NORMALIZED;
            double on = find(totals, true, byId, state).requestsPerSecond();
            double off = find(totals, false, byId, state).requestsPerSecond();
            double cost = 100 * (1 - on / off);
            report.figure("audit cost of patient reads, " + path.headerValue() + " path (throughput lost)",
                    String.format("%.1f %% (target < %.0f %%: %s)", cost, AUDIT_COST_TARGET_PERCENT,
                            cost < AUDIT_COST_TARGET_PERCENT ? "met" : "MISSED"));
        }
        for (Endpoint endpoint : List.of(byId, list)) {
            Totals legacy = find(totals, true, endpoint, FlagState.LEGACY);
            Totals normalized = find(totals, true, endpoint, FlagState.NORMALIZED);
            Totals shadow = find(totals, true, endpoint, FlagState.SHADOW);
            double ratio = normalized.requestsPerSecond() / legacy.requestsPerSecond();
            report.figure("throughput normalized ÷ legacy, " + endpoint.label(), String.format("%.2f (target ≥ %.1f: %s)",
                    ratio, PATH_RATIO_TARGET, ratio >= PATH_RATIO_TARGET ? "met" : "MISSED"));
            double p50 = shadow.p50Ms() / legacy.p50Ms();
            report.figure("p50 shadow ÷ legacy, " + endpoint.label(), String.format("%.2f (%s against %s; target ≤ %.1f: %s)",
                    p50, Report.millis(shadow.p50Ms()), Report.millis(legacy.p50Ms()), SHADOW_P50_TARGET,
                    p50 <= SHADOW_P50_TARGET ? "met" : "MISSED"));
        }
    }

    private static Totals find(Map<Arm, Totals> totals, boolean audited, Endpoint endpoint, FlagState state) {
        return totals.get(new Arm(audited, endpoint, state));
    }

    private String table(Map<Arm, Totals> totals) {
        StringBuilder table = new StringBuilder("| endpoint | flag state | audit of reads | throughput | p50 | p99 | "
                + "p99.9 | max | requests | errors |\n|---|---|---|---|---|---|---|---|---|---|\n");
        totals.entrySet().stream().sorted(Comparator.comparing((Map.Entry<Arm, Totals> e) -> e.getKey().endpoint()
                .label()).thenComparing(e -> !e.getKey().audited())).forEach(e -> table.append(String.format(
                        "| %s | %s | %s | %,.0f req/s | %s | %s | %s | %s | %,d | %,d |%n", e.getKey().endpoint().label(),
                        e.getKey().state().label(), e.getKey().audited() ? "on" : "off",
                        e.getValue().requestsPerSecond(), Report.millis(e.getValue().p50Ms()),
                        Report.millis(e.getValue().p99Ms()), Report.millis(e.getValue().p999Ms()),
                        Report.millis(e.getValue().maxMs()), e.getValue().requests(), e.getValue().errors())));
        return table + "\nThroughput: all requests of the arm's slices over their time. p50, p99 and p99.9: the "
                + "median over the slices of each slice's figure; max: the worst slice's. Errors: answers other than 2xx, "
                + "and timeouts (10 s) and other socket errors.\n";
    }

    /**
     * Latency at a steady rate below capacity rather than at saturation: each path by id for the load time, at
     * about {@code benchmark.paced-rate} requests per second from {@code benchmark.paced-connections} connections.
     */
    private void paced(ServiceProcess service) throws Exception {
        StringBuilder table = new StringBuilder("| path | rate reached | p50 | p99 | p99.9 | max |\n"
                + "|---|---|---|---|---|---|\n");
        for (FlagState state : List.of(FlagState.LEGACY, FlagState.NORMALIZED)) {
            Arm arm = new Arm(true, byId, state);
            Wrk.Run run = Wrk.run(service.uri("/"), byId.template(), byId.values(), token(arm), pacedConnections,
                    pacedRate, load);
            Report.print("paced %s: %s", arm.label(), run.summary());
            table.append(String.format("| %s | %,.0f req/s | %s | %s | %s | %s |%n", state.label(),
                    run.requestsPerSecond(), Report.millis(run.p50Ms()), Report.millis(run.p99Ms()),
                    Report.millis(run.p999Ms()), Report.millis(run.maxMs())));
            report.figure(String.format("p99 at about %,d req/s, %s path (%,.0f req/s reached)", pacedRate,
                    state.served().headerValue(), run.requestsPerSecond()), run.p99Ms(), PACED_P99_TARGET_MS);
        }
        report.section(String.format("Patient reads by id at about %,d requests/s", pacedRate), table.toString());
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

    /** The load would be meaningless in the wrong state or on errors: one request first, checked. */
    private static void checkState(ServiceProcess service, Arm arm) throws Exception {
        String first = Files.readAllLines(arm.endpoint().values()).get(0);
        URI uri = service.uri(String.format(arm.endpoint().template(), first));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token(arm)).build(), HttpResponse.BodyHandlers.ofString());
        String served = response.headers().firstValue(ReadPath.HEADER).orElse("none");
        if (response.statusCode() != 200 || !served.equals(arm.state().served().headerValue())) {
            throw new IllegalStateException("expected 200 from the " + arm.state().served().headerValue()
                    + " path for " + arm.label() + ", got " + response.statusCode() + " from " + served + ": "
                    + response.body());
        }
    }

    private static long lines(Path file) throws IOException {
        return Files.readAllLines(file).size();
    }
}
