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
import java.util.Collections;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged service (the jar of {@code mvn package}, each in its own JVM) started at the same
 * moment against one database: both become ready, and each migration runs exactly once. A failsafe test, because
 * it needs the built jar.
 */
class ReplicasStartTogetherIT {

    private static final Path JAR = Path.of(System.getProperty("service.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    /** Enough legacy patients that the patients' backfill takes seconds, so the second replica has to wait. */
    private static final int GENERATED_PATIENTS = 10_000;

    /** Flyway's log line for each migration it applies. */
    private static final Pattern MIGRATING = Pattern.compile("Migrating schema \"public\" to version \"(\\d+) - ");

    private final List<ServiceProcess> replicas = new ArrayList<>();

    @AfterEach
    void stopReplicas() throws InterruptedException {
        for (ServiceProcess replica : replicas) {
            replica.close();
        }
    }

    @Test
    void twoReplicasOnALegacyDatabaseMigrateItOnceAndBothBecomeReady() throws Exception {
        String db = MigrationDb.generatedLegacyDatabase(GENERATED_PATIENTS);
        long legacyPatients;
        long legacyCustomers;
        try (Connection c = TestDatabase.connect(db)) {
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

    /**
     * One row per version in Flyway's history, and each version applied by exactly one replica: the whole run is
     * under one lock ({@link FlywayLocking#migrate}), so the replica that waited finds nothing left to apply.
     */
    private static void assertMigratedOnce(String db, List<Path> logs, String history) throws SQLException, IOException {
        try (Connection c = TestDatabase.connect(db)) {
            assertEquals(history, MigrationDb.string(c, "SELECT string_agg(version || ' ' || type, ', ' "
                    + "ORDER BY installed_rank) FROM flyway_schema_history"));
            assertEquals(0L, MigrationDb.scalar(c, "SELECT count(*) FROM flyway_schema_history WHERE NOT success"));
        }
        List<String> applied = new ArrayList<>();
        for (Path log : logs) {
            Matcher migrating = MIGRATING.matcher(Files.readString(log));
            while (migrating.find()) {
                applied.add(migrating.group(1));
            }
        }
        List<String> versions = new ArrayList<>(List.of(history.replaceAll(" (SQL|JDBC|BASELINE)", "").split(", ")));
        if (history.contains("BASELINE")) {
            versions.remove(0);
        }
        Collections.sort(applied, Comparator.comparingInt(Integer::parseInt));
        assertEquals(versions, applied, "versions the replicas applied, together (each once)");
    }
}
