package db.migration;

import dev.normalizer.common.Resources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jboss.logging.Logger;

/**
 * V12: the nine patient child tables get their patient's {@code tenant_id}, so that their row-level security policy
 * compares a column of the row instead of looking the patient up again for every child row read (issue 19: that
 * lookup made the legacy view by id cost about 9 flat lookups under the service's role). Online, outside a
 * transaction, every step safe to run again, so that after a crash (even {@code kill -9}) {@code repair} and a new
 * start finish the job:
 * <ol>
 * <li>a unique index on {@code patient_core (id, tenant_id)}, built concurrently: what the new foreign keys
 * reference;</li>
 * <li>{@code db/expand/V12__patient_child_tenant_ids.sql}, one short transaction per table: the nullable column (no
 * rewrite), the trigger that fills it for every new or moved row, and the foreign key
 * {@code (patient_id, tenant_id)} NOT VALID, which carries a patient's move to another tenant to its rows;</li>
 * <li>the backfill, {@value #BATCH_SIZE} patient ids per transaction, all nine tables in each, only rows still
 * without a tenant (so a restart redoes nothing), progress logged as positions, never a patient's value;</li>
 * <li>the foreign keys validated, and {@code tenant_id} NOT NULL through a validated CHECK;</li>
 * <li>{@code db/expand/V12__patient_child_tenant_ids_policies.sql}: the policies compare {@code tenant_id}, one table
 * per transaction.</li>
 * </ol>
 * Every transaction that locks a table the legacy application uses runs under {@link ShortLocks}. Inside a transaction
 * (the command line's dry run) the same steps run without committing and without CONCURRENTLY.
 */
public class V12__patient_child_tenant_ids extends BaseJavaMigration {

    /** Patient ids per backfill batch: about 20 child rows each in the generated data. */
    public static final int BATCH_SIZE = 2_000;
    public static final List<String> CHILD_TABLES = List.of("patient_personal", "patient_contacts",
            "patient_address", "patient_family", "patient_gp", "patient_insurance", "patient_allergies",
            "patient_medications", "patient_conditions");
    static final String EXPAND = "db/expand/V12__patient_child_tenant_ids.sql";
    static final String POLICIES = "db/expand/V12__patient_child_tenant_ids_policies.sql";
    static final String PARENT_KEY = "patient_core_id_tenant_uq";
    /**
     * One batch of one table; the rows a concurrent write filled already are left alone. The range is given for both
     * tables: PostgreSQL carries equalities across a join, not ranges, and without it may hash all of patient_core.
     */
    static final String BACKFILL = """
            UPDATE %s x SET tenant_id = p.tenant_id FROM patient_core p
            WHERE p.id = x.patient_id AND x.patient_id >= ? AND x.patient_id < ? AND p.id >= ? AND p.id < ?
              AND x.tenant_id IS NULL""";
    /** A progress line every this many batches. */
    private static final int LOG_EVERY = 50;
    /** Attempts of a batch that a patient's concurrent move to another tenant made fail (see {@link #batch}). */
    private static final int MOVED_ATTEMPTS = 5;
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final Logger LOG = Logger.getLogger(V12__patient_child_tenant_ids.class);

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    /** Of both scripts and the backfill, so that validate-on-migrate notices an edit as it does for SQL. */
    @Override
    public Integer getChecksum() {
        return OnlineSteps.checksum(Resources.text(EXPAND), Resources.text(POLICIES), BACKFILL);
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        long started = System.nanoTime();
        OnlineSteps.createIndex(c, PARENT_KEY, "CREATE UNIQUE INDEX", "ON patient_core (id, tenant_id)");
        units(c, "V12 tenant_id, trigger and foreign key", Resources.text(EXPAND));
        LOG.info("V12: every new or moved patient child row gets its patient's tenant_id; backfilling the others");
        backfill(c);
        for (String table : CHILD_TABLES) {
            OnlineSteps.addForeignKey(c, table, table + "_patient_tenant_fkey", "FOREIGN KEY (patient_id, tenant_id) "
                    + "REFERENCES patient_core (id, tenant_id) ON UPDATE CASCADE ON DELETE CASCADE");
            OnlineSteps.setNotNull(c, table, "tenant_id");
        }
        units(c, "V12 policy", Resources.text(POLICIES));
        OnlineSteps.execute(c, "ANALYZE " + String.join(", ", CHILD_TABLES));
        LOG.infof("V12: the patient child tables' policies compare their own tenant_id (%.1f s in all)",
                (System.nanoTime() - started) / 1e9);
    }

    /** Runs a script cut into units as {@link ShortLockedScript} does: each a {@link ShortLocks} transaction. */
    private static void units(Connection c, String what, String script) throws SQLException {
        String[] units = script.split("\n" + Pattern.quote(ShortLockedScript.UNIT_BREAK) + "\n");
        for (int i = 0; i < units.length; i++) {
            ShortLocks.execute(c, what + " (unit " + (i + 1) + " of " + units.length + ")", units[i]);
        }
    }

    /** The existing rows, by ranges of patient ids from the lowest to the highest at the start. */
    private static void backfill(Connection c) throws SQLException {
        long first;
        long last;
        try (Statement s = c.createStatement();
                ResultSet range = s.executeQuery("SELECT min(id), max(id) FROM patient_core")) {
            range.next();
            first = range.getLong(1);
            if (range.wasNull()) {
                return;
            }
            last = range.getLong(2);
        }
        int size = Integer.getInteger(OnlineSteps.BATCH_SIZE_PROPERTY, BATCH_SIZE);
        long started = System.nanoTime();
        long rows = 0;
        int batches = 0;
        for (long from = first; from <= last; from += size) {
            rows += batch(c, from, from + size);
            batches++;
            if (batches % LOG_EVERY == 0) {
                LOG.infof("V12 backfill: %,d child rows in %,d batches (%.0f s), patient ids up to %,d of %,d", rows,
                        batches, (System.nanoTime() - started) / 1e9, Math.min(from + size - 1, last), last);
            }
        }
        LOG.infof("V12 backfill: done, %,d child rows in %,d batches (%.1f s)", rows, batches,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * One batch, all nine tables in one short transaction. A patient of the batch moved to another tenant after the
     * batch read it makes the new foreign key refuse the stale tenant (the key check waits for the move and then
     * finds the old pair gone): the batch is rolled back and run again, and then reads the new tenant.
     */
    private static long batch(Connection c, long from, long to) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                return ShortLocks.run(c, "V12 backfill (patient ids " + from + " to " + (to - 1) + ")", tx -> {
                    try (Statement s = tx.createStatement()) {
                        // A crash loses at most the batches whose commit was not flushed yet; the restart fills
                        // their rows again. So a batch need not wait for its WAL flush.
                        s.execute("SET LOCAL synchronous_commit = off");
                    }
                    long n = 0;
                    for (String table : CHILD_TABLES) {
                        try (PreparedStatement update = tx.prepareStatement(BACKFILL.formatted(table))) {
                            update.setLong(1, from);
                            update.setLong(2, to);
                            update.setLong(3, from);
                            update.setLong(4, to);
                            n += update.executeUpdate();
                        }
                    }
                    return n;
                });
            } catch (SQLException e) {
                if (!FOREIGN_KEY_VIOLATION.equals(e.getSQLState()) || attempt == MOVED_ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("V12 backfill: a patient of ids %d to %d moved to another tenant meanwhile; the batch runs "
                        + "again (attempt %d of %d)", from, to - 1, attempt + 1, MOVED_ATTEMPTS);
            }
        }
    }
}
