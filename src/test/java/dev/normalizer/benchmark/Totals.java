package dev.normalizer.benchmark;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The slices of one arm, summed up: throughput is all of its requests over all of its slices' time; p50, p99 and
 * p99.9 the median of the slices' figures; max the worst slice's.
 */
record Totals(double requestsPerSecond, double p50Ms, double p99Ms, double p999Ms, double maxMs, long requests,
        long errors) {

    static Totals of(List<LoadRun> slices) {
        long requests = slices.stream().mapToLong(LoadRun::requests).sum();
        double seconds = slices.stream().mapToDouble(LoadRun::seconds).sum();
        // A slice in which no answer came back has no latencies (and NaN says so, never "met").
        List<LoadRun> answered = slices.stream().filter(r -> r.requests() > 0).toList();
        return new Totals(requests / seconds, median(answered, LoadRun::p50Ms), median(answered, LoadRun::p99Ms),
                median(answered, LoadRun::p999Ms), answered.stream().mapToDouble(LoadRun::maxMs).max()
                        .orElse(Double.NaN), requests,
                slices.stream().mapToLong(r -> r.non2xx() + r.socketErrors()).sum());
    }

    private static double median(List<LoadRun> slices, ToDoubleFunction<LoadRun> value) {
        double[] sorted = slices.stream().mapToDouble(value).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
