package dev.normalizer.common;

import io.quarkus.runtime.Application;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Starts an embedded PostgreSQL 18 when neither {@code quarkus.datasource.jdbc.url} nor
 * {@code QUARKUS_DATASOURCE_JDBC_URL} is set, so the service runs on a bare machine. Its data directory
 * survives restarts. {@code Application.main} starts it before Quarkus; dev mode, which does not call that method,
 * gets it from {@link DevModeDatabase}. As on an external server, the
 * service connects as a role of its own that row-level security binds ({@link #APP_ROLE}), and Flyway, the command
 * line and the background jobs as the owner ({@code postgres}).
 *
 * <p>The server is stopped by a JVM shutdown hook, not by Quarkus: it belongs to the process, not to the
 * application. It starts before Quarkus does (the datasource's URL must be known when the configuration is built),
 * serves the command line's commands too, and in dev mode outlives every restart of the application that a live
 * reload makes (a {@code ShutdownEvent} observer would stop it at each reload). The hook stops it once the
 * application has stopped.
 */
public final class EmbeddedDatabase {

    public static final String DATA_DIR_ENV = "EMBEDDED_POSTGRES_DATA_DIR";
    public static final String DATA_DIR_PROPERTY = "embedded-postgres.data-dir";
    /** The data directory of the embedded server this process uses, set once it runs (the flags' backup uses it). */
    public static final String ACTIVE_DATA_DIR_PROPERTY = "embedded-postgres.active-data-dir";
    public static final String SAMPLE_ENV = "EMBEDDED_POSTGRES_SAMPLE";
    public static final String SAMPLE_PROPERTY = "embedded-postgres.sample";
    /** The legacy schema as production holds it today: the project's baseline migration. */
    static final String LEGACY_SCHEMA = "db/migration/V1__legacy_baseline.sql";
    /** The legacy sample: 2 tenants, 300 patients, 150 users with their orders and reservations. */
    static final String LEGACY_SAMPLE = "sample/legacy-sample-data.sql";
    private static final String DEFAULT_DATA_DIR = "data/postgres";
    /** The service's role: it logs in, owns nothing, and does not bypass row-level security. */
    public static final String APP_ROLE = "normalizer_app";
    public static final String APP_PASSWORD = "normalizer_app";
    public static final String OWNER = "postgres";
    static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";
    /** {@code false} (surefire and failsafe set it) leaves the embedded server off: tests bring their own. */
    static final String ENABLED_PROPERTY = "embedded-postgres.enabled";
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

    private EmbeddedDatabase() {
    }

    public static void startUnlessConfigured() {
        // Tests bring their own database per run (surefire sets this), also when they launch the main method.
        if ("false".equals(System.getProperty(ENABLED_PROPERTY))
                || System.getProperty(URL_PROPERTY) != null
                || System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null) {
            return;
        }
        Path dataDir = dataDir(firstNonNull(System.getProperty(DATA_DIR_PROPERTY), System.getenv(DATA_DIR_ENV)));
        boolean sample = sampleWanted(firstNonNull(System.getProperty(SAMPLE_PROPERTY), System.getenv(SAMPLE_ENV)));
        connect(dataDir, sample).forEach(System::setProperty);
    }

    /** {@code EMBEDDED_POSTGRES_SAMPLE}: {@code true} (the default) or {@code false}; anything else stops the start. */
    static boolean sampleWanted(String configured) {
        if (configured == null || configured.isBlank()) {
            return true;
        }
        return switch (configured.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(SAMPLE_ENV + " must be true or false, not '" + configured
                    + "'");
        };
    }

    /** The data directory for a configured value, or for none: {@code data/postgres} under the working directory. */
    static Path dataDir(String configured) {
        return Path.of(configured == null || configured.isBlank() ? DEFAULT_DATA_DIR : configured).toAbsolutePath();
    }

    /**
     * Starts the server on {@code dataDir}, or finds the one already serving it, creates the service's role, and
     * returns the settings that point the service at it: both roles and the URL.
     */
    static Map<String, String> connect(Path dataDir, boolean sample) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.datasource.username", APP_ROLE);
        settings.put("quarkus.datasource.password", APP_PASSWORD);
        settings.put("quarkus.flyway.username", OWNER);
        settings.put("quarkus.flyway.password", OWNER);
        Optional<Integer> running = runningPort(dataDir);
        int port;
        if (running.isPresent()) {
            // Another process (the service, or a command), or dev mode before a reload, already serves this
            // directory: share its server.
            port = running.get();
            LOG.infof("Using the embedded PostgreSQL already running on port %d for %s", port, dataDir);
        } else {
            // Not zonky's own shutdown hook, which would stop the server alongside Quarkus' rather than after it.
            EmbeddedPostgres postgres = start(dataDir, false, Map.of());
            port = postgres.getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAfterQuarkus(postgres),
                    "embedded-postgres-stop"));
            LOG.infof("Embedded PostgreSQL on port %d, data in %s", port, dataDir);
        }
        // Not the server's getJdbcUrl(): its ?user=postgres would override the datasource's user.
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        createAppRole(url);
        if (sample) {
            loadSampleIntoEmptyDatabase(url);
        }
        settings.put(URL_PROPERTY, url);
        settings.put(ACTIVE_DATA_DIR_PROPERTY, dataDir.toString());
        return settings;
    }

    /**
     * Creates the service's role in the server at {@code jdbcUrl} unless it exists (roles belong to the whole
     * server, not to one database). V9 grants it what the service needs.
     */
    public static void createAppRole(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, OWNER, OWNER); Statement s = c.createStatement()) {
            s.execute("""
                    DO $$
                    BEGIN
                      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                        CREATE ROLE %1$s LOGIN PASSWORD '%2$s' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
                      END IF;
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN
                      NULL; -- another process created it meanwhile
                    END $$""".formatted(APP_ROLE, APP_PASSWORD));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the role " + APP_ROLE + " in the embedded PostgreSQL", e);
        }
    }

    /**
     * Gives an empty database the legacy schema and sample as the legacy application left them, without Flyway's
     * history: the service's start then takes it over as it takes over production, baselining it at V1 and migrating
     * it online. Both load in one transaction, so a failed load leaves the database empty and the next start tries
     * again. A database with any table of its own is never touched, nor is an external one, which never gets here.
     *
     * @return whether the sample was loaded
     */
    static boolean loadSampleIntoEmptyDatabase(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, OWNER, OWNER); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            // Under an advisory lock: two processes starting on one new data directory load it once.
            s.execute("SELECT pg_advisory_xact_lock(hashtext('schema-normalizer legacy sample'))");
            try (ResultSet tables = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
                tables.next();
                if (tables.getLong(1) > 0) {
                    c.rollback();
                    return false;
                }
            }
            // The sample brings its own BEGIN and COMMIT; inside this transaction they join it.
            s.execute(Resources.text(LEGACY_SCHEMA));
            s.execute(Resources.text(LEGACY_SAMPLE));
            c.commit();
            LOG.info("Loaded the legacy sample into the new embedded database (EMBEDDED_POSTGRES_SAMPLE=false for an "
                    + "empty one); the migrations take it over next");
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not load the legacy sample into the embedded PostgreSQL ("
                    + Failures.describe(e) + "); the database is left empty", Failures.withoutMessages(e));
        }
    }

    /** The port of a live postmaster on this data directory, read from its postmaster.pid (line 1 pid, line 4 port). */
    static Optional<Integer> runningPort(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4 || ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive)
                    .orElse(false) == Boolean.FALSE) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(lines.get(3).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Starts (or reopens) a server whose data lives in {@code dataDir}; it stops when the JVM exits, if not before. */
    public static EmbeddedPostgres start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** Like {@link #start(Path)}, with server settings beyond the defaults (the benchmark's statement statistics). */
    public static EmbeddedPostgres start(Path dataDir, Map<String, String> settings) {
        return start(dataDir, true, settings);
    }

    private static EmbeddedPostgres start(Path dataDir, boolean stopAtExit, Map<String, String> settings) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(stopAtExit);
            settings.forEach(builder::setServerConfig);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /**
     * The JVM runs its shutdown hooks all at once, Quarkus' among them: this one first has the application stop (or
     * waits for the stop under way to end), because requests in flight and its shutdown observers still need the
     * server, such as the audit writer writing out its queue. Only then does the server stop. Stopped alongside
     * Quarkus, as zonky's own hook and this one before did, it cut off the work still running: SIGTERM a second into
     * 300 concurrent reads of the run command, three times, had 24, 48 and 75 reads answered 503 and twice lost read
     * events (9 and 11) that the audit writer could no longer append; in this order, none (docs/architecture.md).
     */
    private static void stopAfterQuarkus(EmbeddedPostgres postgres) {
        Application quarkus = Application.currentApplication();
        if (quarkus != null) {
            try {
                quarkus.stop();
            } catch (RuntimeException e) {
                LOG.warnf("The application did not stop cleanly before the embedded PostgreSQL: %s",
                        Failures.describe(e));
            }
        }
        close(postgres);
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
