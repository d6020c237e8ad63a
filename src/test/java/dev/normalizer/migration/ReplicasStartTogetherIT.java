package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.testsupport.ServiceProcess;
import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

    private final List<ServiceProcess> replicas = new ArrayList<>();

    @AfterEach
    void stopReplicas() throws InterruptedException {
        for (ServiceProcess replica : replicas) {
            replica.close();
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

        assertMigratedOnce(db, logs, history("BASELINE"));
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

        assertMigratedOnce(db, logs, history("SQL"));
    }

    /** Starts two replicas back to back and waits until both answer UP on readiness and on the integrity group. */
    private List<Path> startTogetherAndAwaitReady(String db) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "replicas", db));
        List<Path> logs = List.of(dir.resolve("replica-0.log"), dir.resolve("replica-1.log"));
        for (Path log : logs) {
            replicas.add(ServiceProcess.start(JAR, TestDatabase.jdbcUrl(db), Map.of(), log));
        }
        for (ServiceProcess replica : replicas) {
            replica.awaitAnswer("/q/health/ready", response -> response.statusCode() == 200, READY_WITHIN);
            replica.awaitAnswer("/q/health/group/integrity", response -> response.statusCode() == 200, READY_WITHIN);
        }
        return logs;
    }

    /** Every expand version in order, as Flyway's history records it: the first as {@code first}, Java ones as JDBC. */
    private static String history(String first) throws IOException {
        return MigrationDb.expandMigrations().entrySet().stream()
                .map(m -> m.getKey() + " " + (m.getKey() == 1 ? first
                        : Files.exists(Path.of("src/main/java/db/migration/V" + m.getKey() + m.getValue() + ".java"))
                                ? "JDBC" : "SQL"))
                .collect(Collectors.joining(", "));
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
}
