package db.migration;

import io.github.thibaultmeyer.cuid.CUID;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jboss.logging.Logger;

/**
 * V6: prefixed public ids ({@code pat_} + a cuid2) on patient_core, customers, orders, reservations and companies,
 * online. Java, because cuid2 comes from a library; outside a transaction, so that the tables stay writable:
 * <ol>
 * <li>add a nullable {@code public_id} (instant; like every DDL here that locks the table, under
 * {@link ShortLocks}) and a trigger that fills it in for rows that other writers insert without one (the legacy
 * application does not know the column);</li>
 * <li>backfill in batches of {@value #BATCH_SIZE}, each committed on its own, in id order, giving back the ids that a
 * rollback kept (D6) so that ids handed out before stay valid;</li>
 * <li>a unique index, built concurrently, and NOT NULL plus a format check, validated without blocking writes.</li>
 * </ol>
 * Every step can run again, so after a failure {@code repair} and a new start finish the job. Inside a transaction
 * (the command line's dry run) it does the same without committing and without CONCURRENTLY.
 * <p>Self-contained on purpose: a migration must not change when the service's code does later.
 */
public class V6__public_ids extends BaseJavaMigration {

    public static final int BATCH_SIZE = 10_000;
    /** Each table and its prefix. The service's {@code dev.normalizer.common.PublicId} must agree (a test checks). */
    public static final List<Map.Entry<String, String>> PREFIXES = List.of(Map.entry("patient_core", "pat_"),
            Map.entry("customers", "cus_"), Map.entry("orders", "ord_"), Map.entry("reservations", "res_"),
            Map.entry("companies", "cmp_"));
    private static final Logger LOG = Logger.getLogger(V6__public_ids.class);

    /**
     * The database's own generator, for rows inserted without an id: cuid2's shape (a letter, then 23 letters or
     * digits) from gen_random_uuid's random bits, hashed so that every byte is usable.
     */
    private static final String FUNCTIONS = """
            CREATE OR REPLACE FUNCTION random_public_id(prefix text) RETURNS text LANGUAGE sql VOLATILE AS $$
              SELECT prefix || chr(97 + get_byte(h, 0) % 26)
                     || string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', get_byte(h, i) % 36 + 1, 1), ''
                                   ORDER BY i)
              FROM (SELECT sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())) AS h) AS r,
                   generate_series(1, 23) AS i
              GROUP BY h
            $$;
            CREATE OR REPLACE FUNCTION fill_public_id() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.public_id IS NULL THEN
                NEW.public_id := random_public_id(TG_ARGV[0]);
              END IF;
              RETURN NEW;
            END $$;
            """;

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        boolean online = c.getAutoCommit();
        String concurrently = online ? " CONCURRENTLY" : "";
        OnlineSteps.execute(c, FUNCTIONS);
        boolean kept = exists(c, "SELECT to_regclass('rollback_kept.public_ids')");
        for (Map.Entry<String, String> entry : PREFIXES) {
            String table = entry.getKey();
            String prefix = entry.getValue();
            ddl(c, "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS public_id text");
            ddl(c, "DROP TRIGGER IF EXISTS " + table + "_public_id ON " + table);
            ddl(c, "CREATE TRIGGER " + table + "_public_id BEFORE INSERT ON " + table
                    + " FOR EACH ROW EXECUTE FUNCTION fill_public_id('" + prefix + "')");
            if (kept) {
                OnlineSteps.execute(c, "UPDATE " + table + " t SET public_id = k.public_id FROM rollback_kept.public_ids k "
                        + "WHERE k.table_name = '" + table + "' AND k.id = t.id AND t.public_id IS NULL");
            }
            long filled = backfill(c, table, prefix);
            LOG.infof("V6: %,d %s rows got a public id", filled, table);
            OnlineSteps.execute(c, "DROP INDEX" + concurrently + " IF EXISTS " + table + "_public_id_uq");
            OnlineSteps.execute(c, "CREATE UNIQUE INDEX" + concurrently + " " + table + "_public_id_uq ON " + table + " (public_id)");
            // NOT NULL through a validated CHECK, which PostgreSQL uses instead of scanning under an exclusive lock.
            ddl(c, "ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + table + "_public_id_format, "
                    + "DROP CONSTRAINT IF EXISTS " + table + "_public_id_present");
            ddl(c, "ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_public_id_format CHECK (public_id ~ '^"
                    + prefix + "[a-z][a-z0-9]{23}$') NOT VALID, ADD CONSTRAINT " + table + "_public_id_present "
                    + "CHECK (public_id IS NOT NULL) NOT VALID");
            OnlineSteps.execute(c, "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + table + "_public_id_format");
            OnlineSteps.execute(c, "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + table + "_public_id_present");
            ddl(c, "ALTER TABLE " + table + " ALTER COLUMN public_id SET NOT NULL, "
                    + "DROP CONSTRAINT " + table + "_public_id_present");
        }
        if (kept) {
            OnlineSteps.execute(c, "DROP TABLE rollback_kept.public_ids");
            if (!exists(c, "SELECT 1 FROM pg_class WHERE relnamespace = 'rollback_kept'::regnamespace")) {
                OnlineSteps.execute(c, "DROP SCHEMA rollback_kept");
            }
        }
    }

    /** Gives every row without a public id a cuid2, in batches by id; returns how many it filled. */
    private static long backfill(Connection c, String table, String prefix) throws SQLException {
        long filled = 0;
        long after = 0;
        try (PreparedStatement next = c.prepareStatement("SELECT id FROM " + table + " WHERE id > ? ORDER BY id LIMIT "
                + BATCH_SIZE); PreparedStatement update = c.prepareStatement("UPDATE " + table + " t SET public_id = v.p "
                        + "FROM unnest(?::bigint[], ?::text[]) AS v(id, p) WHERE t.id = v.id AND t.public_id IS NULL")) {
            while (true) {
                next.setLong(1, after);
                List<Long> ids = new ArrayList<>(BATCH_SIZE);
                try (ResultSet rows = next.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
                if (ids.isEmpty()) {
                    return filled;
                }
                String[] publicIds = new String[ids.size()];
                for (int i = 0; i < publicIds.length; i++) {
                    publicIds[i] = prefix + CUID.randomCUID2();
                }
                update.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                update.setArray(2, c.createArrayOf("text", publicIds));
                filled += update.executeUpdate();
                after = ids.get(ids.size() - 1);
            }
        }
    }

    /** DDL that locks a table the legacy application uses: a short transaction under {@link ShortLocks}. */
    private static void ddl(Connection c, String sql) throws SQLException {
        ShortLocks.execute(c, "V6", sql);
    }

    private static boolean exists(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            return rows.next() && rows.getObject(1) != null;
        }
    }
}
