package dev.normalizer.benchmark;

import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.testsupport.NpmPackage;
import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The thin Node server ({@code src/benchmark/thin-server.js}) as a child process: the reference that issue 19
 * measures the service's reads by id against. It serves {@code GET /patients/{id}} from the legacy view on the
 * benchmark's database, for tenant 1, with the npm package {@code pg} ({@value #PG_VERSION}, installed once per
 * machine like the tests' npm packages).
 */
final class ThinServer implements AutoCloseable {

    static final String PG_VERSION = "8.23.1";
    private static final Path SCRIPT = Path.of("src/benchmark/thin-server.js");

    private final Process process;
    private final int port;

    private ThinServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ThinServer start(String database, Path log) throws IOException, InterruptedException {
        if (!NpmPackage.nodeInstalled()) {
            throw new IllegalStateException("node is not on the PATH: the thin server of the benchmark needs it");
        }
        Path home = new NpmPackage("pg", PG_VERSION).install("benchmark.pg-dir");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("node", SCRIPT.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("NODE_PATH", home.resolve("node_modules").toString());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("TENANT_ID", "1");
        builder.environment().put("PGHOST", "localhost");
        builder.environment().put("PGPORT", Integer.toString(TestDatabase.port()));
        builder.environment().put("PGDATABASE", database);
        builder.environment().put("PGUSER", EmbeddedDatabase.APP_ROLE);
        builder.environment().put("PGPASSWORD", EmbeddedDatabase.APP_PASSWORD);
        ThinServer server = new ThinServer(builder.start(), port);
        Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroyForcibly, "benchmark-thin-server-kill"));
        server.awaitListening(log);
        return server;
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    long pid() {
        return process.pid();
    }

    private void awaitListening(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(uri("/")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the thin server exited with " + process.exitValue() + ":\n"
                        + NpmPackage.tail(log));
            }
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notListeningYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the thin server did not listen within 30 s, see " + log);
    }

    @Override
    public void close() {
        NpmPackage.kill(process.toHandle());
    }
}
