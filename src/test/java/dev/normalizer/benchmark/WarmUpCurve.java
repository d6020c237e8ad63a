package dev.normalizer.benchmark;

import java.util.List;

/**
 * How soon a fresh service serves at full speed: one arm's throughput in each of the first seconds after its ready
 * (closed-loop wrk, one-second runs back to back), against the same arm's throughput once warm, from the measured
 * slices later in the run. Full speed is {@value #FULL} of that or more, in that second and every one after it.
 */
record WarmUpCurve(List<LoadRun> seconds, double warmRequestsPerSecond) {

    static final double FULL = 0.9;
    static final double TARGET_SECONDS = 10;

    /** Seconds from ready until full speed holds; the curve's length plus one when it never did. */
    int secondsToFullSpeed() {
        int from = seconds.size();
        for (int i = seconds.size() - 1; i >= 0 && share(i) >= FULL; i--) {
            from = i;
        }
        return from == seconds.size() ? seconds.size() + 1 : from + 1;
    }

    double share(int second) {
        return seconds.get(second).requestsPerSecond() / warmRequestsPerSecond;
    }

    void report(Report report, String arm) {
        report.atMost("ready to full speed (" + (int) (FULL * 100) + " % of the warm throughput) of " + arm,
                secondsToFullSpeed(), TARGET_SECONDS, s -> String.format("%.0f s", s));
        StringBuilder table = new StringBuilder("| second after ready | requests/s | share of warm (")
                .append(String.format("%,.0f", warmRequestsPerSecond)).append(" req/s) | p99 |\n|---:|---:|---:|---:|\n");
        for (int i = 0; i < seconds.size(); i++) {
            LoadRun run = seconds.get(i);
            table.append(String.format("| %d | %,.0f | %.2f | %s |%n", i + 1, run.requestsPerSecond(), share(i),
                    Report.millis(run.p99Ms())));
        }
        report.section("Warm-up after ready: " + arm, table.toString());
    }
}
