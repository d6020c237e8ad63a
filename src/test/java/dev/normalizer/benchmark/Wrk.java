package dev.normalizer.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Load from wrk (Debian's package, which src/benchmark/run.sh installs) on loopback: a closed loop of
 * {@code connections} connections on two threads, each request a GET of a random value from a file, through
 * src/benchmark/random-reads.lua, which reports throughput and latency percentiles.
 */
final class Wrk {

    private static final Path SCRIPT = Path.of("src/benchmark/random-reads.lua");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Wrk() {
    }

    /** GETs {@code pathTemplate} (one {@code %s}) on {@code base} for {@code duration}, values from {@code values}. */
    static LoadRun run(URI base, String pathTemplate, Path values, String token, int connections, Duration duration)
            throws IOException, InterruptedException {
        return run(base, pathTemplate, values, token, connections, 0, duration);
    }

    /**
     * The same at about {@code rate} requests per second (0: as fast as the service answers): each connection
     * pauses between requests. The rate reached is in the result.
     */
    static LoadRun run(URI base, String pathTemplate, Path values, String token, int connections, double rate,
            Duration duration) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("wrk", "-t2", "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", "10s", "-s", SCRIPT.toString(), base.toString()))
                .redirectErrorStream(true);
        builder.environment().put("BENCH_PATH", pathTemplate);
        builder.environment().put("BENCH_VALUES", values.toAbsolutePath().toString());
        builder.environment().put("BENCH_TOKEN", token);
        builder.environment().put("BENCH_CONNECTIONS", Integer.toString(connections));
        if (rate > 0) {
            builder.environment().put("BENCH_RATE", Double.toString(rate));
        }
        Process wrk;
        try {
            wrk = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed: src/benchmark/run.sh installs it (apt-get install "
                    + "wrk)", e);
        }
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0 || !output.contains("BENCH ")) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        String line = output.lines().filter(l -> l.startsWith("BENCH ")).findFirst().orElseThrow();
        JsonNode n = JSON.readTree(line.substring("BENCH ".length()));
        double seconds = n.get("durationUs").asLong() / 1e6;
        return new LoadRun(seconds, n.get("requests").asLong(), n.get("non2xx").asLong(),
                n.get("socketErrors").asLong(), n.get("p50Us").asLong() / 1e3, n.get("p99Us").asLong() / 1e3,
                n.get("p999Us").asLong() / 1e3, n.get("maxUs").asLong() / 1e3);
    }
}
