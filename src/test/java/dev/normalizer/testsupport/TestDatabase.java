package dev.normalizer.testsupport;

import dev.normalizer.common.Resources;
import dev.normalizer.common.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One fresh embedded PostgreSQL per test run (per JVM), in a throw-away directory. Tests create their own
 * databases in it; the service under test gets {@link #SERVICE_DB}, which holds the legacy schema and the
 * sample fixture without any Flyway history, just as a DBA would hand it over. As in production, the service
 * connects as its own role ({@link EmbeddedDatabase#APP_ROLE}, created once: roles belong to the whole server) and
 * migrates as the owner, {@code postgres}, whom the tests' own SQL uses too.
 *
 * <p>Quarkus loads test classes in more than one class loader, so the server's port is kept in a system
 * property: whichever loader comes second finds the running server instead of starting another one.
 */
public final class TestDatabase {

    public static final String SERVICE_DB = "service";
    private static final String PORT_PROPERTY = "normalizer-test.postgres-port";
    private static final String COUNTER_PROPERTY = "normalizer-test.database-counter";
    private static EmbeddedPostgres server;
    private static Path directory;

    private TestDatabase() {
    }

    /** The port of the run's server, started on first use. */
    public static int port() {
        return port(Map.of());
    }

    /** Like {@link #port()}, with server settings beyond the defaults if this call starts the server. */
    public static int port(Map<String, String> settings) {
        synchronized (System.getProperties()) {
            String running = System.getProperty(PORT_PROPERTY);
            if (running != null) {
                return Integer.parseInt(running);
            }
            try {
                Path dir = Files.createTempDirectory("normalizer-test-pg");
                directory = dir;
                server = EmbeddedDatabase.start(dir, settings);
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop, "test-postgres-stop"));
                System.setProperty(PORT_PROPERTY, Integer.toString(server.getPort()));
                EmbeddedDatabase.createAppRole(jdbcUrl("postgres"));
                createLegacyDatabase(SERVICE_DB);
                return server.getPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** As the owner, whom row-level security does not bind: the tests' oracle sees every tenant. */
    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), EmbeddedDatabase.OWNER, EmbeddedDatabase.OWNER);
    }

    /** As the service's role, which sees only the rows of the tenant its transaction sets. */
    public static Connection connectAsService(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), EmbeddedDatabase.APP_ROLE, EmbeddedDatabase.APP_PASSWORD);
    }

    /**
     * The settings that point a service at {@code database}: the pool as the service's role, Flyway (and with it
     * the command line and the background jobs) as the owner.
     */
    public static Map<String, String> serviceConfig(String database) {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.username", EmbeddedDatabase.APP_ROLE,
                "quarkus.datasource.password", EmbeddedDatabase.APP_PASSWORD,
                "quarkus.flyway.username", EmbeddedDatabase.OWNER,
                "quarkus.flyway.password", EmbeddedDatabase.OWNER);
    }

    /** A database name no other test of this run uses, whichever class loader asks (the counter is JVM-wide). */
    public static String uniqueName(String prefix) {
        synchronized (System.getProperties()) {
            long next = Long.getLong(COUNTER_PROPERTY, 0L) + 1;
            System.setProperty(COUNTER_PROPERTY, Long.toString(next));
            return prefix + "_" + next;
        }
    }

    private static final String LEGACY_TEMPLATE = "legacy_template";

    /** Creates an empty database with a unique name and returns that name. */
    public static String createEmptyDatabase(String prefix) {
        String name = uniqueName(prefix);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return name;
    }

    /** Like {@link #createLegacyDatabase}, unless a database of that name exists already (from any class loader). */
    public static synchronized void createLegacyDatabaseIfAbsent(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
                java.sql.ResultSet rows = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            if (rows.next()) {
                return;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not look for database " + name, e);
        }
        createLegacyDatabase(name);
    }

    /** Creates a database holding the legacy schema and the sample fixture, with no Flyway history. */
    public static String createLegacyDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            ensureLegacyTemplate(s);
            s.execute("CREATE DATABASE " + name + " TEMPLATE " + LEGACY_TEMPLATE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return name;
    }

    /**
     * The legacy schema and sample, loaded once per server into a template that every legacy database copies: a
     * copy takes a fraction of a second, loading the 1.5 MB sample takes seconds, and the suite makes about fifty.
     * Under an advisory lock, since test classes of several class loaders share the server.
     */
    private static void ensureLegacyTemplate(Statement s) throws SQLException {
        s.execute("SELECT pg_advisory_lock(hashtext('" + LEGACY_TEMPLATE + "'))");
        try (java.sql.ResultSet rows = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                + LEGACY_TEMPLATE + "'")) {
            if (!rows.next()) {
                s.execute("CREATE DATABASE " + LEGACY_TEMPLATE);
                runScript(LEGACY_TEMPLATE, "db/migration/V1__legacy_baseline.sql");
                runScript(LEGACY_TEMPLATE, "sample/legacy-sample-data.sql");
            }
        } finally {
            s.execute("SELECT pg_advisory_unlock(hashtext('" + LEGACY_TEMPLATE + "'))");
        }
    }

    /** Loads one of the legacy data generators (fixture/generate-legacy-*.sql) with the value helpers it calls. */
    public static void loadGenerator(String database, String generator) {
        runScript(database, "fixture/legacy-generator-functions.sql");
        runScript(database, generator);
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
        return Resources.text(resource);
    }

    private static void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            // Stopped already, or stopping: the directory goes all the same.
        }
        deleteRecursively(directory);
    }

    /**
     * A run's database holds gigabytes (a test run about 1.5, a benchmark's 7): it must not stay behind in the
     * temporary directory. The server may still be removing its own files for a moment after it was told to stop,
     * so a walk that fails is tried again.
     */
    private static void deleteRecursively(Path dir) {
        for (int attempt = 0; attempt < 20 && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | UncheckedIOException e) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
