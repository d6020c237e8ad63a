package dev.normalizer.migration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.jboss.logging.Logger;

/**
 * How migrations lock, so that replicas starting together migrate one at a time. Two locks:
 * <ul>
 * <li>Flyway's own advisory lock, which it takes for each migration it applies, is held per session instead of per
 * transaction. With the transactional lock, a migration that must run outside a transaction (CREATE INDEX
 * CONCURRENTLY, see V5) waits forever for the transaction that holds the lock.
 * <li>{@link #migrate} holds a lock of ours around the whole run. Flyway decides whether to create its history
 * table or to baseline a legacy schema before it takes its own lock, so on an empty database a second replica
 * could find no history, then see the schema made non-empty by the first one's new, still empty history table,
 * and fail to baseline it ("already exists, and is empty"; {@code MigratorsRaceTest}).
 * </ul>
 */
@Singleton
public class FlywayLocking implements FlywayConfigurationCustomizer {

    private static final Logger LOG = Logger.getLogger(FlywayLocking.class);

    /** Our session-level advisory lock: "normaliz" in ASCII, a key of this service's own, not Flyway's. */
    static final long MIGRATION_LOCK = 0x6e6f726d616c697aL;
    private static final Duration LOCK_POLL = Duration.ofMillis(100);

    @Override
    public void customize(FluentConfiguration configuration) {
        apply(configuration);
    }

    /** Also used where Flyway is configured by hand (tests), so that every migration runs under the same lock. */
    public static FluentConfiguration apply(FluentConfiguration configuration) {
        configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return configuration;
    }

    /**
     * Flyway's migrate, baseline decision included, while holding our lock on a connection of its own (Flyway's
     * data source: the owner). Whoever comes second waits, then finds the schema up to date.
     */
    public static MigrateResult migrate(Flyway flyway) {
        try (Connection lock = flyway.getConfiguration().getDataSource().getConnection();
                Statement s = lock.createStatement()) {
            if (!tryLock(s)) {
                LOG.info("Another instance is migrating this database; waiting for it to finish");
                awaitLock(s);
            }
            try {
                return flyway.migrate();
            } finally {
                unlock(s);
            }
        } catch (SQLException e) {
            throw new FlywayException("could not take the migration lock (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    /**
     * Polls rather than blocks in pg_advisory_lock: a session waiting inside a statement holds a snapshot, which
     * CREATE INDEX CONCURRENTLY in the other replica's migration waits for (V4, V5), so the two would wait for each
     * other for ever. Between two attempts this session runs nothing.
     */
    private static void awaitLock(Statement s) throws SQLException {
        try {
            do {
                Thread.sleep(LOCK_POLL.toMillis());
            } while (!tryLock(s));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlywayException("interrupted while waiting for another instance's migration", e);
        }
    }

    /** Explicitly, because Flyway's data source may be a pool, which keeps the session (and its lock) open. */
    private static void unlock(Statement s) {
        try {
            s.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
        } catch (SQLException e) {
            // The session is gone, and its lock with it; a migration's own failure must not be hidden by this one.
        }
    }

    private static boolean tryLock(Statement s) throws SQLException {
        try (ResultSet locked = s.executeQuery("SELECT pg_try_advisory_lock(" + MIGRATION_LOCK + ")")) {
            locked.next();
            return locked.getBoolean(1);
        }
    }
}
