package dev.normalizer.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One client sending GETs to one URL, one after the other: the latency of an endpoint with nothing else going on,
 * as a prober sees it. Load from many connections at once is another tool's job.
 */
final class HttpProbe {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI uri;

    HttpProbe(URI uri) {
        this.uri = uri;
    }

    /** What a series of requests saw: their latencies and how many got each status. */
    record Series(Latencies latencies, Map<Integer, Integer> statuses) {
    }

    HttpResponse<String> get() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code count} requests, each timed until its whole body has arrived. */
    Series time(int count) throws IOException, InterruptedException {
        List<Long> nanos = new ArrayList<>(count);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = get();
            nanos.add(System.nanoTime() - start);
            statuses.merge(response.statusCode(), 1, Integer::sum);
        }
        return new Series(Latencies.of(nanos), statuses);
    }
}
