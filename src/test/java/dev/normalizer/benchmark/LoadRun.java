package dev.normalizer.benchmark;

/**
 * The figures of one run of a load tool against one arm, whichever tool sent it: wrk's requests, or pgbench's
 * transactions. Errors are answers other than 2xx (wrk) or failed transactions (pgbench), and socket errors.
 */
record LoadRun(double seconds, long requests, long non2xx, long socketErrors, double p50Ms, double p99Ms,
        double p999Ms, double maxMs) {

    double requestsPerSecond() {
        return requests / seconds;
    }

    String summary() {
        return String.format("%,.0f req/s; p50 %s, p99 %s, p99.9 %s, max %s; %,d requests, %d non-2xx, %d "
                + "socket errors", requestsPerSecond(), Report.millis(p50Ms), Report.millis(p99Ms),
                Report.millis(p999Ms), Report.millis(maxMs), requests, non2xx, socketErrors);
    }
}
