package dev.normalizer.migration;

import dev.normalizer.common.Resources;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The rehearsal of {@code migrate --dry-run}: every pending migration runs on one connection, inside one
 * transaction, which is then verified, reported (the rows of each table before and after) and rolled back. Flyway has
 * no dry run of its own that runs Java migrations, so this applies the scripts and classes itself.
 */
@Dependent
public class DryRun {

    /** Not allowed inside a transaction block, so the dry run leaves it out. */
    private static final Pattern CONCURRENTLY = Pattern.compile("(?i)\\bCONCURRENTLY\\b");
    /** A batch's COMMIT inside a DO block (V10's backfill): not allowed in a transaction block either. */
    private static final Pattern BATCH_COMMIT = Pattern.compile("(?im)^\\s*COMMIT\\s*;\\s*$");

    private final Flyway flyway;
    private final VerifyCommand verify;

    public DryRun(Flyway flyway, VerifyCommand verify) {
        this.flyway = flyway;
        this.verify = verify;
    }

    /** Runs every pending migration on {@code c}, verifies, reports the difference, and rolls back. */
    void rehearse(Connection c, Report report) throws SQLException, IOException {
        c.setAutoCommit(false);
        try {
            boolean takeOver = flyway.info().applied().length == 0 && Db.tableExists(c, "users");
            Map<String, Long> before = Db.rowCounts(c);
            List<String> applied = new ArrayList<>();
            for (MigrationInfo migration : flyway.info().pending()) {
                if (!(takeOver && "1".equals(migration.getVersion().getVersion()))) {
                    applied.add("V" + migration.getVersion() + " " + migration.getDescription()
                            + rehearse(migration, c));
                }
            }
            Map<String, Long> after = Db.rowCounts(c);
            Map<String, String> changes = new LinkedHashMap<>();
            for (String table : union(before, after)) {
                Long was = before.get(table);
                Long is = after.get(table);
                if (!Objects.equals(was, is)) {
                    changes.put(table, (was == null ? "new" : was.toString()) + " -> "
                            + (is == null ? "gone" : is.toString()));
                }
            }
            report.section("would apply (rolled back)").put("migrations", applied)
                    .put("tables changed (rows before -> after)", changes);
            // A dry run writes no Flyway history, so that one check cannot pass inside it.
            verify.verify(c, report, Set.of("flyway-history"));
        } finally {
            c.rollback();
        }
    }

    /**
     * Applies one migration on the dry run's connection, inside its transaction. A script meant to run outside a
     * transaction runs without CONCURRENTLY and without the COMMITs between its batches, which gives the same schema
     * and data; a Java migration sees a connection without auto-commit and so commits nothing. Returns a note on how
     * it was rehearsed, or "".
     */
    private String rehearse(MigrationInfo migration, Connection c) throws SQLException, IOException {
        String name = migration.getScript();
        if (migration.getType() == CoreMigrationType.JDBC) {
            JavaMigration java;
            try {
                java = (JavaMigration) Class.forName(name, true, DryRun.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
                java.migrate(new Context() {
                    @Override
                    public Configuration getConfiguration() {
                        return flyway.getConfiguration();
                    }

                    @Override
                    public Connection getConnection() {
                        return c;
                    }
                });
            } catch (SQLException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("Java migration " + name + " could not run: " + e.getMessage(), e);
            }
            return java.canExecuteInTransaction() ? "" : " (rehearsed inside the transaction)";
        }
        boolean outside = runsOutsideTransaction(name);
        String sql = withPlaceholders(script(name));
        try (Statement s = c.createStatement()) {
            s.execute(outside ? BATCH_COMMIT.matcher(CONCURRENTLY.matcher(sql).replaceAll("")).replaceAll("") : sql);
        }
        return outside ? " (rehearsed inside the transaction, without CONCURRENTLY and batch commits)" : "";
    }

    private static List<String> union(Map<String, Long> a, Map<String, Long> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        return keys;
    }

    /** A migration script from the service's own class path, as Flyway names it (db/migration/V2__....sql). */
    private static String script(String name) throws IOException {
        return Resources.find(name)
                .orElseThrow(() -> new IOException("migration script " + name + " is not on the class path"));
    }

    /** The script as Flyway would run it: {@code ${name}} replaced by the configured placeholders (V9's app_role). */
    private String withPlaceholders(String sql) {
        for (Map.Entry<String, String> placeholder : flyway.getConfiguration().getPlaceholders().entrySet()) {
            sql = sql.replace("${" + placeholder.getKey() + "}", placeholder.getValue());
        }
        return sql;
    }

    /**
     * Whether Flyway runs the script without a transaction ({@code executeInTransaction=false} in its .conf file):
     * the concurrent index builds. The dry run rehearses them as plain builds, which give the same schema.
     */
    private static boolean runsOutsideTransaction(String name) throws IOException {
        return Resources.find(name + ".conf").map(conf -> conf.lines().map(String::strip)
                .anyMatch("executeInTransaction=false"::equals)).orElse(false);
    }
}
