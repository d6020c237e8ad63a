package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.schema.Migrations;
import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Database helpers for the migration tests: Flyway as the service runs it, checksums and row comparisons. */
public final class MigrationDb {

    /** The service's Flyway locations (application.properties). */
    private static final String[] LOCATIONS = {"classpath:db/migration", "classpath:db/contract"};

    /**
     * The newest expand migration in the source tree, where the service stops while the contract step is held back.
     * Read from the files, not from the code that computes it in the service, so that tests check that code.
     */
    public static final String LAST_EXPAND_VERSION = lastExpandVersion();

    private MigrationDb() {
    }

    /** The service's migrations, found as the service finds them (for {@link Rollback}). */
    public static Migrations migrations() {
        return Migrations.of(Flyway.configure().locations(LOCATIONS));
    }

    private static String lastExpandVersion() {
        try {
            return Integer.toString(expandMigrations().lastKey());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Migrates like the service does (see application.properties), up to the given version. */
    public static MigrateResult migrate(String db, String target) {
        return FlywayLocking.migrate(flyway(db, target));
    }

    /** Flyway configured like the service, with the given target ("latest" lets the contract step run). */
    static Flyway flyway(String db, String target) {
        return flyway(db, target, EmbeddedDatabase.APP_ROLE);
    }

    /** The same, granting the service's rights (V9) to {@code appRole}. */
    static Flyway flyway(String db, String target, String appRole) {
        return flywayAt(TestDatabase.jdbcUrl(db), target, appRole);
    }

    /** The same, for a database given by its JDBC URL (a child JVM has no embedded server of its own). */
    static Flyway flywayAt(String jdbcUrl, String target, String appRole) {
        return FlywayLocking.apply(Flyway.configure())
                .dataSource(jdbcUrl, EmbeddedDatabase.OWNER, EmbeddedDatabase.OWNER)
                .locations(LOCATIONS)
                .placeholders(Map.of("app_role", appRole))
                .baselineOnMigrate(true)
                .baselineVersion("1")
                .baselineDescription("legacy database taken over in place")
                .target(target)
                .load();
    }

    /**
     * Every expand migration, SQL (db/migration/*.sql) and Java (db.migration.V*), as version → "__description"
     * (the file name without the version and extension). Helpers beside the Java migrations (ShortLocks, ...) are
     * not migrations.
     */
    static SortedMap<Integer, String> expandMigrations() throws IOException {
        SortedMap<Integer, String> migrations = new TreeMap<>();
        for (Path dir : List.of(Path.of("src/main/resources/db/migration"), Path.of("src/main/java/db/migration"))) {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.+\\.(sql|java)"))
                        .forEach(n -> migrations.put(Integer.parseInt(n.substring(1, n.indexOf("__"))),
                                n.substring(n.indexOf("__"), n.lastIndexOf('.'))));
            }
        }
        return migrations;
    }

    /**
     * Migrates in a JVM of its own, so that a test can kill it with SIGKILL at a point of its choosing: args are the
     * JDBC URL and the target version.
     */
    public static void main(String[] args) {
        FlywayLocking.migrate(flywayAt(args[0], args[1], EmbeddedDatabase.APP_ROLE));
    }

    public static String legacyDatabase() {
        return TestDatabase.createLegacyDatabase(TestDatabase.uniqueName("migration"));
    }

    /** A legacy database as {@link #legacyDatabase()}, with {@code patients} generated legacy patients, traps included. */
    public static String generatedLegacyDatabase(int patients) throws SQLException {
        String db = legacyDatabase();
        TestDatabase.loadGenerator(db, "fixture/generate-legacy-patients.sql");
        try (Connection c = TestDatabase.connect(db)) {
            scalar(c, "SELECT generate_legacy_patients(" + patients + ")");
        }
        return db;
    }

    static String staffChecksum(Connection c) throws SQLException {
        return md5(c, "users", "NOT is_customer");
    }

    /** md5 over the text of every row of the table that matches the condition, in id order. */
    static String md5(Connection c, String table, String condition) throws SQLException {
        return string(c, "SELECT md5(string_agg(t::text, '' ORDER BY t.id)) FROM " + table + " t WHERE " + condition);
    }

    /** Fails, naming the first offending ids, if the query (its first column an id) returns a row. */
    static void assertNone(Connection c, String what, String query) throws SQLException {
        long rows = count(c, query);
        if (rows != 0) {
            fail(what + ": " + rows + ", first: " + string(c, "SELECT string_agg(id::text, ', ') "
                    + "FROM (SELECT * FROM (" + query + ") AS q(id) ORDER BY 1 LIMIT 10) AS s"));
        }
    }

    /** Both queries return (key, row text); they must give the same rows, compared with EXCEPT both ways. */
    static void assertSameRows(Connection c, String what, String actual, String expected) throws SQLException {
        assertDiffers(c, what + ", missing or changed", "(" + expected + ") EXCEPT (" + actual + ")");
        assertDiffers(c, what + ", unexpected", "(" + actual + ") EXCEPT (" + expected + ")");
    }

    private static void assertDiffers(Connection c, String what, String difference) throws SQLException {
        long rows = count(c, difference);
        if (rows != 0) {
            String first = "FROM (" + difference + ") AS d(k, r) ORDER BY length(k), k";
            fail(what + ": " + rows + " rows, first keys: "
                    + string(c, "SELECT string_agg(k, ', ') FROM (SELECT k " + first + " LIMIT 10) AS s")
                    + "\nfirst row: " + string(c, "SELECT left(r, 400) " + first + " LIMIT 1"));
        }
    }

    static long count(Connection c, String query) throws SQLException {
        return scalar(c, "SELECT count(*) FROM (" + query + ") AS q");
    }

    static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), "no row from " + sql);
            return rs.getLong(1);
        }
    }

    static String string(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Work on a connection, which may throw SQLException. */
    @FunctionalInterface
    interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    /**
     * As the service's role on {@code db}, in a transaction whose tenant is {@code tenant} (none when null), rolled
     * back after.
     */
    static <T> T asService(String db, Integer tenant, Work<T> work) throws SQLException {
        try (Connection c = TestDatabase.connectAsService(db)) {
            c.setAutoCommit(false);
            try {
                if (tenant != null) {
                    execute(c, "SELECT set_config('app.tenant_id', '" + tenant + "', true)");
                }
                return work.on(c);
            } finally {
                c.rollback();
            }
        }
    }
}
