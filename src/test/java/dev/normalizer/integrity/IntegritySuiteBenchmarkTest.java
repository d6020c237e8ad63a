package dev.normalizer.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.migration.MigrationDb;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times the whole suite on generated data, on demand only (generating and migrating a million patients takes about
 * ten minutes): {@code ./mvnw -B test -Dtest=IntegritySuiteBenchmarkTest -Dintegrity.benchmark.patients=1000000},
 * optionally with {@code -Dintegrity.benchmark.users=N} (default: a tenth of the patients). With
 * {@code -Dintegrity.benchmark.url=jdbc:postgresql://host:port/db?user=..&password=..} it times an existing,
 * migrated database instead.
 */
class IntegritySuiteBenchmarkTest {

    @Test
    @EnabledIfSystemProperty(named = "integrity.benchmark.patients", matches = "[0-9]+")
    void wholeSuiteOnGeneratedPatientsAndCustomers() throws SQLException {
        int patients = Integer.getInteger("integrity.benchmark.patients");
        int users = Integer.getInteger("integrity.benchmark.users", patients / 10);
        String db = MigrationDb.legacyDatabase();
        TestDatabase.loadGenerator(db, "fixture/generate-legacy-patients.sql");
        TestDatabase.loadGenerator(db, "fixture/generate-legacy-customers.sql");
        try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            s.execute("SELECT generate_legacy_patients(" + patients + ")");
            s.execute("SELECT generate_legacy_customers(" + users + ")");
            print("generated %,d patients and %,d users in %d ms", patients, users, millisSince(start));
        }
        long start = System.nanoTime();
        MigrationDb.migrate(db, "4");
        print("migrated in %d ms", millisSince(start));
        try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
        }
        timeRuns(() -> TestDatabase.connect(db));
    }

    @Test
    @EnabledIfSystemProperty(named = "integrity.benchmark.url", matches = "jdbc:.+")
    void wholeSuiteOnAnExistingDatabase() throws SQLException {
        timeRuns(() -> DriverManager.getConnection(System.getProperty("integrity.benchmark.url")));
    }

    /** Three runs on one connection (as a command line would), then three with two checks at a time (the service). */
    private static void timeRuns(IntegrityRunner.Connections connections) throws SQLException {
        try (Connection c = connections.open(); Statement s = c.createStatement();
                ResultSet size = s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
            size.next();
            print("database size %s", size.getString(1));
            for (int run = 1; run <= 3; run++) {
                long start = System.nanoTime();
                report("one connection, run " + run, IntegritySuite.runAll(c, 1000), start);
            }
        }
        for (int run = 1; run <= 3; run++) {
            long start = System.nanoTime();
            report("two at a time, run " + run, IntegrityRunner.concurrent(connections, 1000, 2), start);
        }
    }

    private static void report(String label, List<CheckResult> results, long startNanos) {
        long total = millisSince(startNanos);
        for (CheckResult r : results) {
            print("%s: %-30s %5d ms %s %s", label, r.name(), r.duration().toMillis(), r.up() ? "UP" : "DOWN",
                    r.figures());
        }
        print("%s: whole suite %d ms", label, total);
        assertEquals(List.of(), results.stream().filter(r -> !r.up()).map(CheckResult::name).toList());
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private static void print(String format, Object... args) {
        System.out.printf("[integrity-benchmark] " + format + "%n", args);
    }
}
