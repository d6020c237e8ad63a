package db.migration;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.CRC32;
import org.jboss.logging.Logger;

/**
 * The steps an online migration is made of, each one safe to run again after a crash: batched backfills whose
 * batches are {@link ShortLocks} units, NOT NULL through a validated CHECK, foreign keys NOT VALID then VALIDATE,
 * and indexes built CONCURRENTLY. On a connection without auto-commit (the command line's dry run) the same steps
 * run inside the caller's transaction, without CONCURRENTLY.
 * <p>Part of the migrations, not of the service: a migration must not change when the service's code does.
 */
final class OnlineSteps {

    /** Ids per backfill batch. */
    static final int BATCH_SIZE = 5_000;
    /** Overrides {@link #BATCH_SIZE}, so that a test can stop a backfill between two batches. */
    static final String BATCH_SIZE_PROPERTY = "normalizer.migration.batch-size";
    private static final Logger LOG = Logger.getLogger(OnlineSteps.class);

    private OnlineSteps() {
    }

    /**
     * Runs the statements over {@code table}'s ids from its lowest to its highest at the start, {@value #BATCH_SIZE}
     * ids at a time, each batch one short transaction. Every statement takes the batch's first id (inclusive) and the
     * next batch's first id (exclusive) as its two parameters, and must be idempotent: a restart runs every batch
     * again. Rows written after the start are the triggers' business. Returns the rows changed.
     */
    static long backfill(Connection c, String what, String table, List<String> statements) throws SQLException {
        long first;
        long last;
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT min(id), max(id) FROM " + table)) {
            rows.next();
            first = rows.getLong(1);
            if (rows.wasNull()) {
                return 0;
            }
            last = rows.getLong(2);
        }
        long changed = 0;
        int size = Integer.getInteger(BATCH_SIZE_PROPERTY, BATCH_SIZE);
        for (long from = first; from <= last; from += size) {
            long lower = from;
            long upper = from + size;
            changed += ShortLocks.run(c, what + " (ids " + lower + " to " + (upper - 1) + ")", connection -> {
                long n = 0;
                for (String sql : statements) {
                    try (PreparedStatement s = connection.prepareStatement(sql)) {
                        s.setLong(1, lower);
                        s.setLong(2, upper);
                        n += s.executeUpdate();
                    }
                }
                return n;
            });
        }
        LOG.infof("%s: %,d rows written", what, changed);
        return changed;
    }

    /** {@code column} becomes NOT NULL without a scan under an exclusive lock: a CHECK NOT VALID, validated first. */
    static void setNotNull(Connection c, String table, String column) throws SQLException {
        if (exists(c, "SELECT 1 FROM pg_attribute WHERE attrelid = '" + table + "'::regclass AND attname = '" + column
                + "' AND attnotnull")) {
            return;
        }
        String check = table + "_" + column + "_present";
        ShortLocks.execute(c, "CHECK " + check, "ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + check
                + "; ALTER TABLE " + table + " ADD CONSTRAINT " + check + " CHECK (" + column + " IS NOT NULL) NOT VALID");
        ShortLocks.execute(c, "VALIDATE " + check, "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + check);
        // PostgreSQL sees the valid CHECK and skips the scan: an instant change under a short exclusive lock.
        ShortLocks.execute(c, "NOT NULL " + table + "." + column, "ALTER TABLE " + table + " ALTER COLUMN " + column
                + " SET NOT NULL, DROP CONSTRAINT " + check);
    }

    /** Adds the foreign key NOT VALID (a short lock; new rows are checked from then on), then validates it. */
    static void addForeignKey(Connection c, String table, String name, String definition) throws SQLException {
        if (!exists(c, "SELECT 1 FROM pg_constraint WHERE conrelid = '" + table + "'::regclass AND conname = '" + name
                + "'")) {
            // Both tables are locked (SHARE ROW EXCLUSIVE), the referenced one first: the order in which the legacy
            // application's writes reach them through the sync triggers (patient_core, then its children), so that
            // the migration never holds one while a writer that holds the other waits for it.
            String referenced = definition.replaceAll("(?is).*\\bREFERENCES\\s+([\\w.]+).*", "$1");
            ShortLocks.execute(c, "FOREIGN KEY " + name, "LOCK TABLE " + referenced + ", " + table
                    + " IN SHARE ROW EXCLUSIVE MODE; ALTER TABLE " + table + " ADD CONSTRAINT " + name + " "
                    + definition + " NOT VALID");
        }
        // The validation is one anti-join of the whole table with the referenced one: with the default work_mem its hash
        // spills to disk, minutes on a million patients' child rows.
        ShortLocks.execute(c, "VALIDATE " + name, "SET LOCAL work_mem = '256MB'; ALTER TABLE " + table
                + " VALIDATE CONSTRAINT " + name);
    }

    /**
     * Builds the index CONCURRENTLY (writes go on meanwhile) unless a valid one exists; an invalid one, left by a
     * build that was interrupted, is dropped first. {@code definition} is what follows {@code CREATE [UNIQUE] INDEX}.
     */
    static void createIndex(Connection c, String name, String createIndex, String definition) throws SQLException {
        if (exists(c, "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('public." + name + "') AND indisvalid")) {
            return;
        }
        String concurrently = c.getAutoCommit() ? " CONCURRENTLY" : "";
        execute(c, "DROP INDEX" + concurrently + " IF EXISTS " + name);
        execute(c, createIndex + concurrently + " " + name + " " + definition);
    }

    static boolean exists(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            return rows.next();
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** CRC32 of the texts, as Flyway's checksum of a migration made of them. */
    static int checksum(String... texts) {
        CRC32 crc = new CRC32();
        for (String text : texts) {
            crc.update(text.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }
}
