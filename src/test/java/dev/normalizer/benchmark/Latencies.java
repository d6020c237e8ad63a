package dev.normalizer.benchmark;

import java.util.Arrays;
import java.util.List;

/** The latencies of a series of requests, sorted, with nearest-rank percentiles in milliseconds. */
record Latencies(long[] sortedNanos) {

    static Latencies of(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Latencies(sorted);
    }

    int count() {
        return sortedNanos.length;
    }

    /** The smallest latency that at least {@code percent} % of the requests did not exceed. */
    double percentileMs(double percent) {
        int rank = (int) Math.ceil(percent / 100 * sortedNanos.length);
        return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
    }

    double maxMs() {
        return sortedNanos[sortedNanos.length - 1] / 1e6;
    }

    double meanMs() {
        return Arrays.stream(sortedNanos).average().orElse(0) / 1e6;
    }

    @Override
    public String toString() {
        return String.format("%,d requests: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, mean %.2f ms",
                count(), percentileMs(50), percentileMs(99), percentileMs(99.9), maxMs(), meanMs());
    }
}
