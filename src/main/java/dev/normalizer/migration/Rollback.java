package dev.normalizer.migration;

import dev.normalizer.common.Resources;
import dev.normalizer.schema.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Takes the schema back to an earlier Flyway version by running our down scripts ({@code db/rollback}), because
 * Flyway's own undo is not free. Every step, and the removal of its history rows, runs in one transaction: either
 * the database reaches the target, or it stays exactly as it was. Plain JDBC, so that a command line can use it.
 * A down script pairs with its migration by name, as {@link #downScripts} says: a new migration brings its own and
 * needs no edit here.
 */
public final class Rollback {

    /** The legacy schema: there is nothing below it. */
    public static final int BASELINE_VERSION = 1;
    /** Where the down scripts are: {@code D<N>__<description>.sql} undoes {@code V<N>__<description>}. */
    static final String DOWN_SCRIPT_DIRECTORY = "db/rollback/";
    /**
     * The suffix of a down script for a migration left unfinished: V2 runs online, in many transactions, and a crash
     * or a stop before its cutover leaves it recorded as failed or not at all, with the flat table still
     * {@code patients}. {@code D2__normalize_patients_unfinished.sql} undoes that state.
     */
    static final String UNFINISHED = "_unfinished";
    private static final String V2_UNFINISHED = "SELECT count(*) FROM pg_class WHERE oid = to_regclass('patients') "
            + "AND relkind = 'r' AND to_regclass('patient_backfill') IS NOT NULL";

    private static final String HISTORY = "flyway_schema_history";
    /** SQLSTATE of RAISE EXCEPTION: a down script refusing because data would be lost. */
    private static final String RAISE_EXCEPTION = "P0001";
    /** Don't queue behind a long transaction forever, holding every later query on these tables behind us. */
    private static final String LOCK_TIMEOUT = "30s";

    private Rollback() {
    }

    public enum Outcome {
        /** The target was reached and committed. */
        UNDONE,
        /** The schema was already at or below the target. */
        NOTHING_TO_UNDO,
        /** A check said no (data would be lost, the contract step is applied, unknown version); nothing changed. */
        REFUSED,
        /** An unexpected error; the transaction was rolled back, so nothing changed. */
        FAILED
    }

    /**
     * What happened. {@code rowsRestored} is keyed "table: what" as the down scripts report it, in the order they
     * ran; {@code messages} carries the reason of a refusal or failure and the scripts' notices.
     * {@code fromVersion} is null when the history was not read; {@code targetVersion} is -1 when it was not a
     * number.
     */
    public record Result(Outcome outcome, Integer fromVersion, int targetVersion, List<Integer> versionsUndone,
            Map<String, Long> rowsRestored, List<String> messages) {

        public Result {
            versionsUndone = List.copyOf(versionsUndone);
            rowsRestored = Collections.unmodifiableMap(new LinkedHashMap<>(rowsRestored));
            messages = List.copyOf(messages);
        }

        /** A few lines for a person: the outcome, then each count and message. */
        public String report() {
            StringBuilder out = new StringBuilder("rollback to version ").append(targetVersion).append(": ")
                    .append(outcome);
            if (fromVersion != null) {
                out.append(" (schema was at version ").append(fromVersion).append(')');
            }
            if (!versionsUndone.isEmpty()) {
                out.append("\nversions undone: ").append(versionsUndone);
            }
            rowsRestored.forEach((what, rows) -> out.append("\n  ").append(what).append(": ").append(rows));
            messages.forEach(message -> out.append("\n").append(message));
            return out.toString();
        }
    }

    /**
     * Version N → the script that takes the schema from N to N-1: {@code db/rollback/D<N>__<description>.sql} for
     * the expand migration {@code V<N>__<description>}, when the class path has it. The baseline has none (there is
     * nothing below it), nor do the contract migrations, which cannot be undone.
     */
    public static SortedMap<Integer, String> downScripts(Migrations migrations) {
        SortedMap<Integer, String> scripts = new TreeMap<>();
        migrations.expand().tailMap(BASELINE_VERSION + 1).forEach((version, name) -> {
            String script = DOWN_SCRIPT_DIRECTORY + "D" + name.substring(1) + ".sql";
            if (Resources.find(script).isPresent()) {
                scripts.put(version, script);
            }
        });
        return scripts;
    }

    /** The script that undoes an unfinished run of an online migration, beside its down script. */
    static String unfinished(String downScript) {
        return downScript.substring(0, downScript.length() - ".sql".length()) + UNFINISHED + ".sql";
    }

    /**
     * Like {@link #to(Connection, int, Migrations)}, for a version typed by a person ("3"); anything else is refused.
     */
    public static Result to(Connection connection, String targetVersion, Migrations migrations) {
        try {
            return to(connection, Integer.parseInt(String.valueOf(targetVersion).trim()), migrations);
        } catch (NumberFormatException e) {
            return refused(null, -1, "unknown version '" + targetVersion + "': versions are "
                    + knownVersions(downScripts(migrations)));
        }
    }

    /**
     * Undoes every applied version above {@code targetVersion}, newest first, in one transaction on this
     * connection, then restores its auto-commit mode. The connection must have no work of its own pending.
     * {@code migrations} are the service's, whose down scripts run.
     */
    public static Result to(Connection connection, int targetVersion, Migrations migrations) {
        SortedMap<Integer, String> downScripts = downScripts(migrations);
        if (targetVersion < BASELINE_VERSION) {
            return refused(null, targetVersion, "version " + BASELINE_VERSION
                    + " is the legacy baseline; there is nothing below it to go back to");
        }
        if (targetVersion != BASELINE_VERSION && !downScripts.containsKey(targetVersion)) {
            return refused(null, targetVersion, "unknown version " + targetVersion + ": versions are "
                    + knownVersions(downScripts));
        }
        Integer current = null;
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                lockHistory(connection);
                List<Integer> applied = appliedVersions(connection);
                boolean v2Unfinished = Db.scalar(connection, V2_UNFINISHED) > 0;
                if (v2Unfinished && !applied.contains(2)) {
                    applied.add(2);
                }
                current = applied.stream().max(Integer::compare).orElse(null);
                List<Integer> toUndo = versionsToUndo(applied, current, targetVersion, downScripts);
                if (toUndo.isEmpty()) {
                    connection.rollback();
                    return new Result(Outcome.NOTHING_TO_UNDO, current, targetVersion, List.of(), Map.of(),
                            List.of("nothing to undo: the schema is at version " + current));
                }
                Map<String, Long> rows = new LinkedHashMap<>();
                List<String> messages = new ArrayList<>();
                for (int version : toUndo) {
                    String script = downScripts.get(version);
                    runScript(connection, version == 2 && v2Unfinished ? unfinished(script) : script, version, rows,
                            messages);
                }
                forget(connection, toUndo);
                messages.add("removed versions " + toUndo + " from " + HISTORY);
                connection.commit();
                return new Result(Outcome.UNDONE, current, targetVersion, toUndo, rows, messages);
            } catch (Refusal r) {
                connection.rollback();
                return refused(current, targetVersion, r.getMessage());
            } catch (SQLException | RuntimeException e) {
                return rolledBack(connection, current, targetVersion, e);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            return new Result(Outcome.FAILED, current, targetVersion, List.of(), Map.of(),
                    List.of("rollback failed: " + firstLine(e.getMessage())));
        }
    }

    /** A check that says no before any script ran. */
    private static final class Refusal extends Exception {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    private static void lockHistory(Connection c) throws SQLException, Refusal {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + HISTORY + "') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new Refusal("no " + HISTORY + " table: Flyway never migrated this database");
                }
            }
            // Also keeps a starting service's Flyway from reading the history until we are done.
            s.execute("LOCK TABLE " + HISTORY + " IN ACCESS EXCLUSIVE MODE");
        }
    }

    private static List<Integer> appliedVersions(Connection c) throws SQLException, Refusal {
        List<Integer> applied = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, success FROM " + HISTORY
                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                String version = rs.getString(1);
                if (!rs.getBoolean(2) && !"2".equals(version)) {
                    throw new Refusal("version " + version + " failed to migrate; repair the history first");
                }
                try {
                    applied.add(Integer.parseInt(version));
                } catch (NumberFormatException e) {
                    throw new Refusal("the history holds version " + version + ", which has no down script");
                }
            }
        }
        return applied;
    }

    private static List<Integer> versionsToUndo(List<Integer> applied, Integer current, int target,
            SortedMap<Integer, String> downScripts) throws Refusal {
        if (applied.stream().anyMatch(v -> v >= Migrations.FIRST_CONTRACT_VERSION)) {
            throw new Refusal("contract step cannot be undone; restore a backup (version " + current
                    + " is applied: contract migrations drop the legacy data they replaced)");
        }
        List<Integer> toUndo = applied.stream().filter(v -> v > target).distinct()
                .sorted(Comparator.reverseOrder()).toList();
        for (int version : toUndo) {
            if (!downScripts.containsKey(version)) {
                throw new Refusal("version " + version + " has no down script; versions with one are "
                        + downScripts.keySet());
            }
        }
        return toUndo;
    }

    private static void forget(Connection c, List<Integer> versions) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + HISTORY + " WHERE version = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", versions.stream().map(String::valueOf).toArray()));
            s.executeUpdate();
        }
    }

    /** Runs one down script; collects its (restored_table, rows) result sets and its notices. */
    private static void runScript(Connection c, String resource, int version, Map<String, Long> rows,
            List<String> messages) throws SQLException {
        try (Statement s = c.createStatement()) {
            boolean isResultSet = s.execute(Resources.text(resource));
            while (isResultSet || s.getUpdateCount() != -1) {
                if (isResultSet) {
                    try (ResultSet rs = s.getResultSet()) {
                        if (rs.getMetaData().getColumnCount() == 2
                                && rs.getMetaData().getColumnLabel(1).equals("restored_table")) {
                            while (rs.next()) {
                                rows.merge(rs.getString(1), rs.getLong(2), Long::sum);
                            }
                        }
                    }
                }
                isResultSet = s.getMoreResults();
            }
            for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                messages.add("V" + version + ": " + w.getMessage());
            }
        }
    }

    private static Result rolledBack(Connection c, Integer current, int target, Exception e) {
        List<String> messages = new ArrayList<>();
        String reason = e instanceof SQLException sql ? serverMessage(sql) : String.valueOf(e.getMessage());
        try {
            c.rollback();
            messages.add(reason + " (the transaction was rolled back: the database is unchanged)");
        } catch (SQLException rollbackFailed) {
            messages.add(reason);
            messages.add("and the rollback of the transaction failed too: " + firstLine(rollbackFailed.getMessage()));
        }
        boolean refusal = e instanceof SQLException sql && RAISE_EXCEPTION.equals(sql.getSQLState());
        return new Result(refusal ? Outcome.REFUSED : Outcome.FAILED, current, target, List.of(), Map.of(), messages);
    }

    private static Result refused(Integer current, int target, String reason) {
        return new Result(Outcome.REFUSED, current, target, List.of(), Map.of(), List.of("refused: " + reason));
    }

    /** The server's own words, without the driver's "ERROR: " and the PL/pgSQL context lines. */
    private static String serverMessage(SQLException e) {
        String message = firstLine(e.getMessage());
        return message.startsWith("ERROR: ") ? message.substring("ERROR: ".length()) : message;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static String knownVersions(SortedMap<Integer, String> downScripts) {
        List<Integer> versions = new ArrayList<>(List.of(BASELINE_VERSION));
        versions.addAll(downScripts.keySet());
        return versions.toString();
    }
}
