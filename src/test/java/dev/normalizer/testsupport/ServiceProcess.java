package dev.normalizer.testsupport;

import dev.normalizer.common.EmbeddedDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The service's packaged jar as a child process, as an operator would start it: on its own JVM with default
 * settings, configured through environment variables only; on a given database, or on its own embedded one, as the
 * README's run command starts it.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final long startNanos;
    private final int port;
    private final Path log;
    private final Thread killOnExit;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess(Process process, long startNanos, int port, Path log) {
        this.process = process;
        this.startNanos = startNanos;
        this.port = port;
        this.log = log;
        // A benchmark stopped with Ctrl-C must not leave a service behind on the machine.
        this.killOnExit = new Thread(process::destroyForcibly, "benchmark-service-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts the jar on a free port, its output going to {@code log}; {@code env} is added to its environment. */
    public static ServiceProcess start(Path jar, String jdbcUrl, Map<String, String> env, Path log) throws IOException {
        return start(ServiceJvm.current(), jar, jdbcUrl, env, log);
    }

    /** Like {@link #start(Path, String, Map, Path)}, on {@code jvm}: the image's start is {@link ServiceJvm#image}. */
    public static ServiceProcess start(ServiceJvm jvm, Path jar, String jdbcUrl, Map<String, String> env, Path log)
            throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        all.put("QUARKUS_DATASOURCE_USERNAME", EmbeddedDatabase.APP_ROLE);
        all.put("QUARKUS_DATASOURCE_PASSWORD", EmbeddedDatabase.APP_PASSWORD);
        all.put("QUARKUS_FLYWAY_USERNAME", EmbeddedDatabase.OWNER);
        all.put("QUARKUS_FLYWAY_PASSWORD", EmbeddedDatabase.OWNER);
        // Production settings: authentication on, which needs a key and an issuer to start.
        all.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                Path.of("src/test/resources/auth/test-public-key.pem").toAbsolutePath().toString());
        all.put("MP_JWT_VERIFY_ISSUER", Tokens.ISSUER);
        return launch(jvm, jar, all, log);
    }

    /**
     * Starts the jar as the README's run command does ({@code java -Dquarkus.profile=dev -jar ...}): its own
     * embedded PostgreSQL in {@code dataDir}, authentication off; {@code env} is added to its environment.
     */
    public static ServiceProcess startAsRunCommand(Path jar, Path dataDir, Map<String, String> env, Path log)
            throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put(EmbeddedDatabase.DATA_DIR_ENV, dataDir.toAbsolutePath().toString());
        ServiceJvm current = ServiceJvm.current();
        return launch(new ServiceJvm(current.java(), List.of("-Dquarkus.profile=dev")), jar, all, log);
    }

    private static ServiceProcess launch(ServiceJvm jvm, Path jar, Map<String, String> env, Path log)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -B -Dmaven.test.skip=true package");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(jvm.java().toString());
        // The test JVM's temp directory (target/): what the service leaves there stays in the build.
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.addAll(jvm.options());
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        long start = System.nanoTime();
        return new ServiceProcess(builder.start(), start, port, log);
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public long pid() {
        return process.pid();
    }

    /** Polls {@code path} until an answer passes {@code done}; returns the time from the process's start. */
    public Duration awaitAnswer(String path, Predicate<HttpResponse<String>> done, Duration timeout)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + ", see " + log);
            }
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (done.test(response)) {
                    return Duration.ofNanos(System.nanoTime() - startNanos);
                }
            } catch (IOException notListeningYet) {
                // The HTTP port opens only once the application has started.
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no answer from " + path + " within " + timeout + ", see " + log);
    }

    /** The child's peak resident set size (VmHWM in /proc/PID/status), in KiB. */
    public long peakRssKib() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no VmHWM for process " + process.pid()));
    }

    /** Stops the service the way a platform does (SIGTERM, a forced kill only after 30 s); returns its exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // The hook is running or about to: nothing left to undo.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
