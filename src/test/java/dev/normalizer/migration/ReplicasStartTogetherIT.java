package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged service (the jar of {@code mvn package}, each in its own JVM) started at the same
 * moment against one database: both become ready, and the migrations run exactly once. A failsafe test, because
 * it needs the built jar.
 */
class ReplicasStartTogetherIT {

    private static final Path JAR = Path.of(System.getProperty("service.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    /** Enough legacy patients that the patients' backfill takes seconds, so the second replica has to wait. */
    private static final int GENERATED_PATIENTS = 30_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> replicas = new ArrayList<>();

    @AfterEach
    void stopReplicas() throws InterruptedException {
        for (Process replica : replicas) {
            replica.destroy();
        }
        for (Process replica : replicas) {
            if (!replica.waitFor(30, TimeUnit.SECONDS)) {
                replica.destroyForcibly();
            }
        }
    }

    @Test
    void twoReplicasOnALegacyDatabaseMigrateItOnceAndBothBecomeReady() throws Exception {
        String db = MigrationDb.legacyDatabase();
        TestDatabase.loadGenerator(db, "fixture/generate-legacy-patients.sql");
        long legacyPatients;
        long legacyCustomers;
        try (Connection c = TestDatabase.connect(db)) {
            MigrationDb.scalar(c, "SELECT generate_legacy_patients(" + GENERATED_PATIENTS + ")");
            legacyPatients = MigrationDb.scalar(c, "SELECT count(*) FROM patients");
            legacyCustomers = MigrationDb.scalar(c, "SELECT count(*) FROM users WHERE is_customer");
        }

        List<Path> logs = startTogetherAndAwaitReady(db);

        assertMigratedOnce(db, logs, "1 BASELINE, 2 SQL, 3 SQL, 4 SQL, 5 SQL");
        try (Connection c = TestDatabase.connect(db)) {
            assertAll(
                    () -> assertEquals(legacyPatients, MigrationDb.scalar(c, "SELECT count(*) FROM patient_core")),
                    () -> assertEquals(legacyPatients, MigrationDb.scalar(c, "SELECT count(*) FROM patients_flat")),
                    () -> assertEquals(legacyCustomers, MigrationDb.scalar(c, "SELECT count(*) FROM customers")));
        }
    }

    @Test
    void twoReplicasOnAnEmptyDatabaseCreateTheSchemaOnceAndBothBecomeReady() throws Exception {
        String db = TestDatabase.createEmptyDatabase("replicas_empty");

        List<Path> logs = startTogetherAndAwaitReady(db);

        assertMigratedOnce(db, logs, "1 SQL, 2 SQL, 3 SQL, 4 SQL, 5 SQL");
    }

    /** Starts two replicas back to back and waits until both answer UP on readiness and on the integrity group. */
    private List<Path> startTogetherAndAwaitReady(String db) throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: run the integration tests with ./mvnw verify");
        Path dir = Files.createDirectories(Path.of("target", "replicas", db));
        List<Integer> ports = List.of(freePort(), freePort());
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            Path log = dir.resolve("replica-" + i + ".log");
            logs.add(log);
            replicas.add(start(db, ports.get(i), dir, log));
        }
        for (int i = 0; i < ports.size(); i++) {
            awaitUp(ports.get(i), "/q/health/ready", logs.get(i));
            awaitUp(ports.get(i), "/q/health/group/integrity", logs.get(i));
        }
        return logs;
    }

    private Process start(String db, int port, Path dir, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.jdbcUrl(db));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // Production settings: authentication on, which needs a key and an issuer to start.
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/auth/test-public-key.pem")
                .toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_ISSUER", "https://tests.schema-normalizer.invalid");
        return builder.start();
    }

    private void awaitUp(int port, String path, Path log) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " on port " + port + " is not UP after " + READY_WITHIN + ": " + last
                + "\n--- log ---\n" + Files.readString(log));
    }

    /** One row per version in Flyway's history, and exactly one replica that says it applied them. */
    private static void assertMigratedOnce(String db, List<Path> logs, String history) throws SQLException, IOException {
        try (Connection c = TestDatabase.connect(db)) {
            assertEquals(history, MigrationDb.string(c, "SELECT string_agg(version || ' ' || type, ', ' "
                    + "ORDER BY installed_rank) FROM flyway_schema_history"));
            assertEquals(0L, MigrationDb.scalar(c, "SELECT count(*) FROM flyway_schema_history WHERE NOT success"));
        }
        List<String> applied = new ArrayList<>();
        List<String> upToDate = new ArrayList<>();
        for (Path log : logs) {
            String text = Files.readString(log);
            if (text.contains("Successfully applied")) {
                applied.add(log.getFileName().toString());
            }
            if (text.contains("No migration necessary")) {
                upToDate.add(log.getFileName().toString());
            }
        }
        assertEquals(1, applied.size(), "replicas that applied migrations: " + applied);
        assertEquals(1, upToDate.size(), "replicas that found the schema up to date: " + upToDate);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
