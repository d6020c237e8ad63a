package db.migration;

import dev.normalizer.common.Resources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jboss.logging.Logger;

/**
 * V2: normalizes the flat 185-column {@code patients} table online, while the legacy application keeps reading and
 * writing it. Four phases, each safe to run again, so that a start after a crash at any point (even {@code kill -9})
 * continues where the last one stopped:
 * <ol>
 * <li><b>expand</b> ({@code db/expand/V2__normalize_patients.sql}, one short transaction): the normalized tables,
 * the mapping {@code normalize_patients}, and triggers that apply every write to {@code patients} to them;</li>
 * <li><b>backfill</b>: the existing rows in id order, {@value #BATCH_SIZE} patients per transaction. Each batch locks
 * its flat rows (FOR SHARE) so that no legacy write to them can interleave, writes them through the same mapping, and
 * records its position in {@code patient_backfill} in the same transaction;</li>
 * <li><b>foreign keys</b> of the child tables, NOT VALID, then validated: checked row by row during the backfill they
 * cost a third of its time;</li>
 * <li><b>cutover</b> ({@code db/expand/V2__patients_cutover.sql}, one short transaction): {@code patients} becomes
 * a writable compatibility view over the normalized tables.</li>
 * </ol>
 * Every transaction runs under {@link ShortLocks}: it waits at most 500 ms for a lock and is retried after a pause.
 * Inside a transaction (the command line's dry run) the same steps run without committing.
 */
public class V2__normalize_patients extends BaseJavaMigration {

    public static final int BATCH_SIZE = 2_000;
    private static final List<String> CHILD_TABLES = List.of("patient_personal", "patient_contacts", "patient_address",
            "patient_family", "patient_gp", "patient_insurance", "patient_allergies", "patient_medications",
            "patient_conditions");
    /** A progress line every this many batches. */
    private static final int LOG_EVERY = 25;
    private static final Logger LOG = Logger.getLogger(V2__normalize_patients.class);

    private static final String EXPAND = "db/expand/V2__normalize_patients.sql";
    private static final String CUTOVER = "db/expand/V2__patients_cutover.sql";

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    /** Of both scripts, so that validate-on-migrate notices an edit as it does for a SQL migration. */
    @Override
    public Integer getChecksum() {
        return OnlineSteps.checksum(Resources.text(EXPAND), Resources.text(CUTOVER));
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (relkind(c, "patient_core") == null) {
            ShortLocks.execute(c, "V2 expand", Resources.text(EXPAND));
            LOG.info("V2: normalized patient tables created; every write to patients now reaches them");
        }
        if ("r".equals(relkind(c, "patients"))) {
            backfill(c);
            foreignKeys(c);
            analyzed(c);
            ShortLocks.execute(c, "V2 cutover", Resources.text(CUTOVER));
            LOG.info("V2: cut over; patients is now a writable view over the normalized tables");
        }
    }

    /** Statistics for the planner before the view starts serving. */
    private static void analyzed(Connection c) throws SQLException {
        OnlineSteps.execute(c, "ANALYZE patient_core, " + String.join(", ", CHILD_TABLES));
    }

    /** Copies every flat row past the recorded position, batch by batch, until none is left. */
    private static void backfill(Connection c) throws SQLException {
        long started = System.nanoTime();
        long copied = 0;
        int batches = 0;
        long target = scalar(c, "SELECT target_id FROM patient_backfill");
        while (true) {
            int n = ShortLocks.run(c, "V2 backfill batch", V2__normalize_patients::copyBatch);
            if (n == 0) {
                break;
            }
            copied += n;
            batches++;
            if (batches % LOG_EVERY == 0) {
                long position = scalar(c, "SELECT last_id FROM patient_backfill");
                LOG.infof("V2 backfill: %,d patients copied in %,d batches (%.0f s), now at id %,d of %,d", copied,
                        batches, (System.nanoTime() - started) / 1e9, position, target);
            }
        }
        ShortLocks.execute(c, "V2 backfill end", "UPDATE patient_backfill SET backfilled_at = now()");
        LOG.infof("V2 backfill: done, %,d patients copied in %,d batches (%.1f s)", copied, batches,
                (System.nanoTime() - started) / 1e9);
    }

    /** The child tables' foreign keys to patient_core, after the backfill: NOT VALID, then validated. */
    private static void foreignKeys(Connection c) throws SQLException {
        long started = System.nanoTime();
        for (String table : CHILD_TABLES) {
            OnlineSteps.addForeignKey(c, table, table + "_patient_id_fkey",
                    "FOREIGN KEY (patient_id) REFERENCES patient_core (id) ON DELETE CASCADE");
        }
        LOG.infof("V2: foreign keys of the child tables added and validated (%.1f s)",
                (System.nanoTime() - started) / 1e9);
    }

    /** One batch: the next flat rows, locked against concurrent writes, written through the mapping; their count. */
    private static int copyBatch(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>(BATCH_SIZE);
        try (Statement s = c.createStatement()) {
            // A crash loses at most the batches whose commit was not yet flushed, and their position with them: the
            // next start copies them again. So the batch need not wait for its WAL flush.
            s.execute("SET LOCAL synchronous_commit = off");
        }
        try (PreparedStatement next = c.prepareStatement("SELECT id FROM patients WHERE id > (SELECT last_id FROM "
                + "patient_backfill) ORDER BY id LIMIT " + BATCH_SIZE + " FOR SHARE");
                ResultSet rows = next.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement copy = c.prepareStatement(
                "SELECT normalize_patients(?)");
                PreparedStatement progress = c.prepareStatement("UPDATE patient_backfill SET last_id = ?, "
                        + "rows_copied = rows_copied + ?, batches = batches + 1, updated_at = now()")) {
            copy.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            copy.execute();
            progress.setLong(1, ids.get(ids.size() - 1));
            progress.setLong(2, ids.size());
            progress.executeUpdate();
        }
        return ids.size();
    }

    /** The relation's kind ("r" table, "v" view), or null when there is none of that name. */
    private static String relkind(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT relkind::text FROM pg_class WHERE oid = to_regclass(?)")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
