package dev.normalizer.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Runs the checks, each in a read-only snapshot of its own so that its statements see the same data (the legacy
 * view check samples, then compares): one after the other on a given connection, or several at once on
 * connections of their own, on an executor the caller owns ({@link IntegritySuite}'s managed one in the service).
 */
final class IntegrityRunner {

    /** Where concurrent checks get their connections: a pool, or DriverManager for a command line. */
    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    private IntegrityRunner() {
    }

    static List<IntegrityCheck> checks(int legacyViewSampleSize) {
        return Stream.of(PatientChecks.all(legacyViewSampleSize), CustomerChecks.all(), SchemaChecks.all(),
                AuditChecks.all())
                .flatMap(List::stream).toList();
    }

    static List<CheckResult> sequential(Connection connection, int legacyViewSampleSize) {
        return checks(legacyViewSampleSize).stream().map(check -> run(check, connection)).toList();
    }

    /**
     * Every check on {@code workers}, which bounds how many run at once, each on a connection of its own; results in
     * suite order. Checks still running when the caller is interrupted are cancelled.
     */
    static List<CheckResult> concurrent(ExecutorService workers, Connections connections, int legacyViewSampleSize) {
        List<Future<CheckResult>> running = new ArrayList<>();
        try {
            for (IntegrityCheck check : checks(legacyViewSampleSize)) {
                running.add(workers.submit(() -> {
                    try (Connection connection = connections.open()) {
                        return run(check, connection);
                    } catch (SQLException e) {
                        return new CheckResult(check.name(), false, error(e), List.of(), Duration.ZERO);
                    }
                }));
            }
            List<CheckResult> results = new ArrayList<>();
            for (Future<CheckResult> result : running) {
                results.add(result.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("integrity run interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("integrity check failed", e.getCause());
        } finally {
            running.forEach(result -> result.cancel(true));
        }
    }

    /** A check that fails with an SQL error is down with that error; the others still run. */
    static CheckResult run(IntegrityCheck check, Connection connection) {
        long start = System.nanoTime();
        Findings findings;
        try {
            findings = inOwnSnapshot(check, connection);
        } catch (SQLException e) {
            findings = new Findings(false, error(e), List.of());
        }
        return new CheckResult(check.name(), findings.up(), findings.figures(), findings.offendingIds(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * In autocommit mode the check gets a read-only repeatable-read transaction, rolled back after. Inside the
     * caller's transaction it runs behind a savepoint instead, so that an error leaves that transaction usable.
     */
    private static Findings inOwnSnapshot(IntegrityCheck check, Connection connection) throws SQLException {
        CheckSql sql = new CheckSql(connection);
        if (!connection.getAutoCommit()) {
            Savepoint savepoint = connection.setSavepoint();
            try {
                Findings findings = check.body().run(sql);
                connection.releaseSavepoint(savepoint);
                return findings;
            } catch (SQLException e) {
                connection.rollback(savepoint);
                throw e;
            }
        }
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            return check.body().run(sql);
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    static Map<String, Object> error(SQLException e) {
        Map<String, Object> figures = new LinkedHashMap<>();
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        figures.put("error", e.getSQLState() == null ? message : e.getSQLState() + " " + message);
        return figures;
    }
}
