package dev.normalizer.testsupport;

import dev.normalizer.common.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fresh embedded PostgreSQL per test run (per JVM), in a throw-away directory. Tests create their own
 * databases in it; the service under test gets {@link #SERVICE_DB}, which holds the legacy schema and the
 * sample fixture without any Flyway history, just as a DBA would hand it over.
 */
public final class TestDatabase {

    public static final String SERVICE_DB = "service";
    private static final AtomicInteger SCRATCH = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("normalizer-test-pg");
                server = EmbeddedDatabase.start(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop, "test-postgres-stop"));
                createLegacyDatabase(SERVICE_DB);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    public static String jdbcUrl(String database) {
        return server().getJdbcUrl("postgres", database);
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
    }

    /** Creates an empty database with a unique name and returns that name. */
    public static String createEmptyDatabase(String prefix) {
        String name = prefix + "_" + SCRATCH.incrementAndGet();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return name;
    }

    /** Creates a database holding the legacy schema and the sample fixture, with no Flyway history. */
    public static String createLegacyDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        runScript(name, "db/migration/V1__legacy_baseline.sql");
        runScript(name, "fixture/legacy-sample-data.sql");
        return name;
    }

    /** Runs a SQL script from the class path as one batch of statements (the fixture brings its own BEGIN/COMMIT). */
    public static void runScript(String database, String resource) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(readResource(resource));
        } catch (SQLException e) {
            throw new IllegalStateException("script " + resource + " failed on " + database, e);
        }
    }

    public static String readResource(String resource) {
        try (InputStream in = TestDatabase.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // The JVM is exiting; the temporary directory goes with the machine's tmp cleanup.
        }
    }
}
