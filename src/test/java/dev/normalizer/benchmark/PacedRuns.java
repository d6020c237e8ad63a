package dev.normalizer.benchmark;

import dev.normalizer.benchmark.LoadArm.Endpoint;
import dev.normalizer.readpath.FlagState;
import dev.normalizer.testsupport.ServiceProcess;
import java.time.Duration;
import java.util.Map;

/**
 * Latency at a steady rate below capacity rather than at saturation: each path by id on the production-like service,
 * for the load time, from {@code benchmark.paced-connections} connections that pause between requests. Issue 19's
 * rate is half the throughput that the path's arm reached in the closed loop, measured in the same run; when
 * {@code benchmark.paced-rate} is set, issue 6's fixed rate as well.
 */
final class PacedRuns {

    static final double HALF_SATURATION_P99_TARGET_MS = 10;
    static final double FIXED_RATE_P99_TARGET_MS = 5;

    private final Report report;
    private final int connections = Integer.getInteger("benchmark.paced-connections", 100);
    private final int fixedRate = Integer.getInteger("benchmark.paced-rate", 0);
    private final Duration duration;
    private final StringBuilder table = new StringBuilder("| path | rate asked | rate reached | p50 | p99 | p99.9 "
            + "| max |\n|---|---|---|---|---|---|---|\n");

    PacedRuns(Report report, Duration duration) {
        this.report = report;
        this.duration = duration;
    }

    void run(ServiceProcess service, Endpoint byId, Map<LoadArm, Totals> totals) throws Exception {
        for (FlagState path : LoadArm.PATHS) {
            LoadArm arm = LoadArm.service(byId, path, true);
            double half = totals.get(arm).requestsPerSecond() / 2;
            LoadRun run = paced(service, arm, half);
            report.figure(String.format("p99 at half the saturation rate (%,.0f req/s asked, %,.0f reached), %s path",
                    half, run.requestsPerSecond(), path.label()), run.p99Ms(), HALF_SATURATION_P99_TARGET_MS);
        }
        if (fixedRate > 0) {
            for (FlagState path : LoadArm.PATHS) {
                LoadRun run = paced(service, LoadArm.service(byId, path, true), fixedRate);
                report.figure(String.format("p99 at about %,d req/s, %s path (%,.0f req/s reached)", fixedRate,
                        path.label(), run.requestsPerSecond()), run.p99Ms(), FIXED_RATE_P99_TARGET_MS);
            }
        }
        report.section("Patient reads by id at a steady rate", table + "\nHalf the saturation rate: half the "
                + "throughput of the path's arm by id in the closed loop above.\n");
    }

    private LoadRun paced(ServiceProcess service, LoadArm arm, double rate) throws Exception {
        Endpoint endpoint = arm.endpoint();
        LoadRun run = Wrk.run(service.uri("/"), endpoint.template(), endpoint.values(), arm.token(), connections,
                rate, duration);
        Report.print("paced %s at %,.0f req/s: %s", arm.label(), rate, run.summary());
        table.append(String.format("| %s | %,.0f req/s | %,.0f req/s | %s | %s | %s | %s |%n", arm.state().label(),
                rate, run.requestsPerSecond(), Report.millis(run.p50Ms()), Report.millis(run.p99Ms()),
                Report.millis(run.p999Ms()), Report.millis(run.maxMs())));
        return run;
    }
}
