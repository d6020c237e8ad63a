package dev.normalizer.readpath;

import dev.normalizer.testsupport.NpmPackage;
import dev.normalizer.testsupport.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a real Unleash server ({@code unleash-server} from npm, on the machine's Node) against a fresh database in
 * the per-JVM embedded PostgreSQL, and points the service's Unleash SDK at it with a one-second refresh.
 *
 * <p>The npm package is installed once ({@link NpmPackage}) into
 * {@code ~/.cache/schema-normalizer/unleash-server-7.4.1} (or the directory named by the system property
 * {@value #CACHE_DIR_PROPERTY}) and reused by later runs. Without
 * {@code node} on the PATH it starts nothing, returns no configuration and reports {@link #available()} false, so
 * a test can skip. The server's output goes to {@code target/unleash-server.log}.
 *
 * <p>State is handed to the test through system properties rather than static fields, so that it does not
 * matter which class loader loaded this resource and which one loaded the test.
 */
public class UnleashServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String VERSION = "7.4.1";
    public static final String CACHE_DIR_PROPERTY = "normalizer-test.unleash-server.cache-dir";

    private static final Logger LOG = Logger.getLogger(UnleashServerResource.class);
    private static final String AVAILABLE = "normalizer-test.unleash-server.available";
    private static final String BASE_URL = "normalizer-test.unleash-server.base-url";
    private static final String PID = "normalizer-test.unleash-server.pid";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    private static final String START_SCRIPT = """
            // Written by UnleashServerResource: starts unleash-server for one test JVM.
            const started = Date.now();
            // The JVM holds our stdin open; when it dies, however it dies, the pipe closes and we go too.
            process.stdin.on('end', () => { console.log('stdin closed: the test JVM is gone, stopping'); process.exit(0); });
            process.stdin.resume();
            require('unleash-server').start({
              db: {
                host: 'localhost',
                port: Number(process.env.UNLEASH_TEST_DB_PORT),
                database: process.env.UNLEASH_TEST_DB_NAME,
                user: 'postgres',
                password: 'postgres',
                ssl: false,
              },
              server: { port: Number(process.env.UNLEASH_TEST_PORT) },
              authentication: { type: 'none' },
              logLevel: 'warn',
            }).then(
              () => console.log('unleash-server started in ' + (Date.now() - started) + ' ms'),
              (e) => { console.error('unleash-server failed to start', e); process.exit(1); });
            """;

    private Process server;

    /** False when the test JVM has no {@code node}: the real server cannot run and the test should skip. */
    public static boolean available() {
        return Boolean.parseBoolean(System.getProperty(AVAILABLE, "false"));
    }

    /** The server's root, e.g. {@code http://localhost:41234}; the admin API is under {@code /api/admin}. */
    public static String baseUrl() {
        String url = System.getProperty(BASE_URL);
        if (url == null) {
            throw new IllegalStateException("the Unleash test server is not running");
        }
        return url;
    }

    /** Stops the running server (node and any child it spawned), as an outage would; idempotent. */
    public static void stopServer() {
        String pid = System.getProperty(PID);
        if (pid != null) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(NpmPackage::kill);
        }
    }

    @Override
    public Map<String, String> start() {
        if (!NpmPackage.nodeInstalled()) {
            LOG.warn("node is not on the PATH: the real Unleash server cannot run, its tests will skip");
            System.setProperty(AVAILABLE, "false");
            return Map.of();
        }
        try {
            Path home = new NpmPackage("unleash-server", VERSION).install(CACHE_DIR_PROPERTY);
            int port = freePort();
            String database = TestDatabase.createEmptyDatabase("unleash");
            Files.writeString(home.resolve("start-unleash.js"), START_SCRIPT);
            Path log = TARGET.resolve("unleash-server.log");
            Files.createDirectories(TARGET);

            long begin = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder("node", "start-unleash.js")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().put("UNLEASH_TEST_DB_PORT", String.valueOf(TestDatabase.port()));
            builder.environment().put("UNLEASH_TEST_DB_NAME", database);
            builder.environment().put("UNLEASH_TEST_PORT", String.valueOf(port));
            server = builder.start();
            Process started = server;
            Runtime.getRuntime().addShutdownHook(
                    new Thread(() -> NpmPackage.kill(started.toHandle()), "unleash-server-stop"));

            String baseUrl = "http://localhost:" + port;
            awaitHealthy(baseUrl, log);
            LOG.infof("unleash-server %s (pid %d) answered /health after %d ms on %s, database %s; log: %s",
                    VERSION, server.pid(), elapsedMillis(begin), baseUrl, database, log);

            System.setProperty(AVAILABLE, "true");
            System.setProperty(BASE_URL, baseUrl);
            System.setProperty(PID, String.valueOf(server.pid()));

            // The test bootstrap in application.properties switches the flag on for one user; this one keeps it
            // off, so that only what the server says can switch it on.
            Path bootstrap = TARGET.resolve("unleash-e2e").resolve("bootstrap-flag-off.json");
            Files.createDirectories(bootstrap.getParent());
            Files.writeString(bootstrap, """
                    {"version": 2, "features": [{"name": "%s", "type": "release", "enabled": false,
                      "strategies": [{"name": "default", "parameters": {}}]}]}
                    """.formatted(ReadPathResolver.FLAG));
            // A backup of this run's own: one left by an earlier run must not speak for the server.
            Path backup = TARGET.resolve("unleash-e2e").resolve("backup-toggles.json");
            Files.deleteIfExists(backup);
            return Map.of(
                    "unleash.url", baseUrl + "/api/",
                    "unleash.fetch-interval-seconds", "1",
                    "unleash.bootstrap-file", bootstrap.toString(),
                    "%test.unleash.bootstrap-file", bootstrap.toString(),
                    "unleash.backup-file", backup.toString());
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            NpmPackage.kill(server.toHandle());
            server = null;
        }
        System.clearProperty(BASE_URL);
        System.clearProperty(PID);
    }

    private void awaitHealthy(String baseUrl, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("unleash-server exited with " + server.exitValue()
                        + " before it was healthy:\n" + NpmPackage.tail(log));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // Not listening yet.
            } catch (IOException e) {
                LOG.debugf("unleash-server not ready: %s", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for unleash-server", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("unleash-server did not answer /health within " + START_TIMEOUT + ":\n"
                + NpmPackage.tail(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static long elapsedMillis(long beginNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beginNanos);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
