package dev.normalizer.benchmark;

import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.ServiceProcess;
import dev.normalizer.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/patients/{id}} over random ids under load from wrk, on both read paths, with the audit of reads
 * on (as in production) and with {@code AUDIT_READS=false}, in rounds off, on, on, off, repeated
 * ({@code benchmark.load-rounds}, default 8): the throughput lost on average is what appending an audit row to every
 * read costs. Rounds of one setting differ by more than that cost, so there are several of each. One service per round; the test flag file sends
 * each token's user down its path, and a probe checks that before the load starts.
 */
final class PatientReadLoad {

    /** The bound: auditing reads costs under 10 % of patient-read throughput. */
    static final double AUDIT_COST_TARGET_PERCENT = 10;
    private static final Path FLAG_FILE = Path.of("src/test/resources/unleash/read-path-by-user.json");

    private final Report report;
    private final Path jar;
    private final String jdbcUrl;
    private final Path ids;
    private final Path outputDir;
    private final String timestamp;
    private final int connections = Integer.getInteger("benchmark.connections", 16);
    private final Duration warmUp = Duration.ofSeconds(Integer.getInteger("benchmark.load-warm-up-seconds", 10));
    private final Duration load = Duration.ofSeconds(Integer.getInteger("benchmark.load-seconds", 20));
    private final int rounds = Integer.getInteger("benchmark.load-rounds", 8);

    PatientReadLoad(Report report, Path jar, String jdbcUrl, Path ids, Path outputDir, String timestamp) {
        this.report = report;
        this.jar = jar;
        this.jdbcUrl = jdbcUrl;
        this.ids = ids;
        this.outputDir = outputDir;
        this.timestamp = timestamp;
    }

    void run() throws Exception {
        if (rounds < 2) {
            throw new IllegalArgumentException("benchmark.load-rounds must be at least 2 (one off, one on): " + rounds);
        }
        report.setting("load", String.format("wrk, 2 threads, %d connections, %d s warm-up then %d s measured per "
                + "run, GET /api/patients/{id} over %,d random ids of tenant 1", connections, warmUp.toSeconds(),
                load.toSeconds(), Files.readAllLines(ids).size()));
        // Off, on, on, off, ...: whatever drifts during the runs (caches warming, other work) weighs on both alike.
        List<Map<ReadPath, Wrk.Run>> audited = new ArrayList<>();
        List<Map<ReadPath, Wrk.Run>> unaudited = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            boolean auditReads = round % 4 == 2 || round % 4 == 3;
            (auditReads ? audited : unaudited).add(runAll(auditReads, round));
        }

        StringBuilder table = new StringBuilder("| path | audit of reads | throughput | p50 | p99 | p99.9 | max |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (ReadPath path : ReadPath.values()) {
            audited.forEach(runs -> row(table, path, "on", runs.get(path)));
            unaudited.forEach(runs -> row(table, path, "off", runs.get(path)));
            double cost = 100 * (1 - meanThroughput(audited, path) / meanThroughput(unaudited, path));
            report.figure("audit cost of patient reads, " + path.headerValue() + " path (throughput lost)",
                    String.format("%.1f %% (target < %.0f %%: %s)", cost, AUDIT_COST_TARGET_PERCENT,
                            cost < AUDIT_COST_TARGET_PERCENT ? "met" : "MISSED"));
        }
        report.section("Patient reads under load (wrk)", table.toString());
    }

    private static double meanThroughput(List<Map<ReadPath, Wrk.Run>> runs, ReadPath path) {
        return runs.stream().mapToDouble(r -> r.get(path).requestsPerSecond()).average().orElseThrow();
    }

    private Map<ReadPath, Wrk.Run> runAll(boolean auditReads, int round) throws Exception {
        Path log = outputDir.resolve(timestamp + "-service-load-" + round + "-audit-reads-" + auditReads + ".log")
                .toAbsolutePath();
        Map<String, String> env = Map.of("UNLEASH_BOOTSTRAP_FILE", FLAG_FILE.toAbsolutePath().toString(),
                "AUDIT_READS", Boolean.toString(auditReads));
        Map<ReadPath, Wrk.Run> runs = new EnumMap<>(ReadPath.class);
        try (ServiceProcess service = ServiceProcess.start(jar, jdbcUrl, env, log)) {
            service.awaitAnswer("/q/health/ready", r -> r.statusCode() == 200, Duration.ofMinutes(5));
            for (ReadPath path : ReadPath.values()) {
                String token = Tokens.of(Api.user(path), 1, Roles.CLINICIAN);
                checkPath(service.uri("/api/patients/" + Files.readAllLines(ids).get(0)), token, path);
                Wrk.run(service.uri("/"), "/api/patients/%s", ids, token, connections, warmUp);
                Wrk.Run run = Wrk.run(service.uri("/"), "/api/patients/%s", ids, token, connections, load);
                Report.print("patient reads, round %d, %s path, audit of reads %s: %s", round, path.headerValue(),
                        auditReads ? "on" : "off", run.summary());
                runs.put(path, run);
            }
            report.figure("service peak RSS (VmHWM) after load round " + round + ", audit of reads "
                    + (auditReads ? "on" : "off"),
                    String.format("%,d MiB", service.peakRssKib() / 1024));
        }
        return runs;
    }

    /** The load would be meaningless on the wrong path or on errors: one request first, checked. */
    private static void checkPath(URI uri, String token, ReadPath path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        String served = response.headers().firstValue(ReadPath.HEADER).orElse("none");
        if (response.statusCode() != 200 || !served.equals(path.headerValue())) {
            throw new IllegalStateException("expected 200 on the " + path.headerValue() + " path, got "
                    + response.statusCode() + " on " + served + ": " + response.body());
        }
    }

    private static void row(StringBuilder table, ReadPath path, String audit, Wrk.Run run) {
        table.append(String.format("| %s | %s | %,.0f req/s | %s | %s | %s | %s |%n", path.headerValue(), audit,
                run.requestsPerSecond(), Report.millis(run.p50Ms()), Report.millis(run.p99Ms()),
                Report.millis(run.p999Ms()), Report.millis(run.maxMs())));
        if (run.non2xx() > 0 || run.socketErrors() > 0) {
            table.append(String.format("| | | %d non-2xx, %d socket errors | | | | |%n", run.non2xx(),
                    run.socketErrors()));
        }
    }
}
