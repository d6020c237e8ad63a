package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Runs a unit of migration work in one short transaction under {@value #LOCK_TIMEOUT} of {@code lock_timeout}, so
 * that the legacy application never queues behind a migration's lock for longer than that. It is below PostgreSQL's
 * {@code deadlock_timeout} (1 s by default) on purpose: when a migration and a legacy statement wait for each other,
 * the migration's wait ends first, so the migration is the one rolled back (and retried), not the legacy statement.
 * The one exception is an autovacuum at work (see {@link #lockTimeout}). When a lock is not granted
 * in time (or a deadlock is detected), the whole unit is rolled back, which releases every lock it took, and tried
 * again after a growing, jittered pause: the legacy workload runs between the attempts.
 * <p>On a connection in auto-commit mode (a migration that Flyway runs outside a transaction) each unit is a
 * transaction of its own. Inside a transaction (Flyway's own, or the command line's dry run) a unit runs under a
 * savepoint taken at its start, and a retry goes back to it.
 * <p>Part of the migrations, not of the service: a migration must not change when the service's code does.
 */
public final class ShortLocks {

    /** How long one DDL statement may wait for its lock. */
    public static final String LOCK_TIMEOUT = "500ms";
    /** Attempts before giving up: with the pauses below, a little over two minutes of trying. */
    static final int ATTEMPTS = 20;
    private static final int AUTOVACUUM_MARGIN_MS = 200;
    private static final long FIRST_PAUSE_MS = 100;
    private static final long LONGEST_PAUSE_MS = 5_000;
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String DEADLOCK_DETECTED = "40P01";
    private static final Logger LOG = Logger.getLogger(ShortLocks.class);

    private ShortLocks() {
    }

    /** Work on the connection; what it returns is handed back once it committed. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} as one short transaction (or savepoint), retried while locks are not granted in time. */
    public static <T> T run(Connection c, String what, Work<T> work) throws SQLException {
        boolean ownTransaction = c.getAutoCommit();
        for (int attempt = 1;; attempt++) {
            Savepoint savepoint = null;
            if (ownTransaction) {
                c.setAutoCommit(false);
            } else {
                savepoint = c.setSavepoint();
            }
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = '" + lockTimeout(s) + "'");
                }
                T result = work.run(c);
                if (ownTransaction) {
                    c.commit();
                    c.setAutoCommit(true);
                } else {
                    c.releaseSavepoint(savepoint);
                }
                return result;
            } catch (SQLException e) {
                if (ownTransaction) {
                    c.rollback();
                    c.setAutoCommit(true);
                } else {
                    c.rollback(savepoint);
                }
                if (!retryable(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                long pause = pause(attempt);
                LOG.warnf("%s: a lock was not granted within %s (attempt %d of %d, %s); everything it held is "
                        + "released, next attempt in %d ms", what, LOCK_TIMEOUT, attempt, ATTEMPTS, e.getSQLState(),
                        pause);
                sleep(pause);
            }
        }
    }

    /** Runs SQL text (one or more statements) as one unit of {@link #run}. */
    public static void execute(Connection c, String what, String sql) throws SQLException {
        run(c, what, connection -> {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    /**
     * {@value #LOCK_TIMEOUT}, or, while an autovacuum worker runs in this database, a little more than
     * {@code deadlock_timeout}: PostgreSQL cancels an autovacuum that blocks a lock request only once the request has
     * waited that long, so a shorter wait would time out behind it again and again (seen on fresh large tables).
     */
    private static String lockTimeout(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE backend_type = "
                + "'autovacuum worker' AND datname = current_database()), "
                + "(SELECT setting::integer FROM pg_settings WHERE name = 'deadlock_timeout')")) {
            rs.next();
            return rs.getBoolean(1) ? (rs.getInt(2) + AUTOVACUUM_MARGIN_MS) + "ms" : LOCK_TIMEOUT;
        }
    }

    static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && (LOCK_NOT_AVAILABLE.equals(sql.getSQLState()) || DEADLOCK_DETECTED.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** Exponential from {@value #FIRST_PAUSE_MS} ms up to {@value #LONGEST_PAUSE_MS} ms, with up to half of jitter. */
    static long pause(int attempt) {
        long base = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS << Math.min(attempt - 1, 16));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry a migration step", e);
        }
    }
}
