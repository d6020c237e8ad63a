package db.migration;

import dev.normalizer.common.Resources;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * V3: separates customers from staff, online (outside a transaction, like V6). Each step is short or runs beside the
 * legacy application's writes, and each can run again, so that after a crash {@code repair} and a new start finish
 * the job:
 * <ol>
 * <li>the new tables and the sync trigger on users ({@code db/expand/V3__separate_customers.sql}, one short
 * transaction);</li>
 * <li>customers, profiles and home clinics copied from users in batches of ids, each its own transaction;</li>
 * <li>{@code customer_id} on orders and reservations (nullable, instant) with the triggers that fill it for new rows
 * and link clinics, then backfilled in batches (the clinic-link trigger links the backfilled rows too);</li>
 * <li>foreign keys NOT VALID then VALIDATE, NOT NULL through a validated CHECK, indexes CONCURRENTLY.</li>
 * </ol>
 * Every DDL statement on a table the legacy application uses runs under {@link ShortLocks}.
 */
public class V3__separate_customers extends BaseJavaMigration {

    static final String SCRIPT = "db/expand/V3__separate_customers.sql";

    /** Step 2: one batch of customers. Rows that exist already (the trigger wrote them) stay as they are. */
    static final List<String> CUSTOMERS = List.of("""
            INSERT INTO customers (id, tenant_id, email, password_hash, role, company_id, last_login_at, created_at,
                                   updated_at)
            SELECT id, tenant_id, email, password_hash, role, company_id, last_login_at, created_at, updated_at
            FROM users WHERE is_customer AND id >= ? AND id < ?
            ON CONFLICT (id) DO NOTHING""", """
            INSERT INTO customer_profiles (customer_id, first_name, last_name, phone, age, sex, medical_conditions,
                                           city, dietary_restrictions, preferences, notes)
            SELECT id, first_name, last_name, phone, age, sex, medical_conditions, city, dietary_restrictions,
                   preferences, notes
            FROM users WHERE is_customer AND id >= ? AND id < ?
            ON CONFLICT (customer_id) DO NOTHING""", """
            INSERT INTO customer_clinics (customer_id, clinic_id, is_home)
            SELECT id, home_clinic_id, true FROM users
            WHERE is_customer AND home_clinic_id IS NOT NULL AND id >= ? AND id < ?
            ON CONFLICT DO NOTHING""");

    /**
     * Step 3: the columns (instant: nullable, no default) and triggers, under an ACCESS EXCLUSIVE lock on orders
     * and reservations for milliseconds. While both columns exist, a writer may set either; the other follows (on
     * UPDATE, the column that changed wins), and a row whose two columns disagree is refused. Named so that it fires
     * before the company trigger of V4 (PostgreSQL fires BEFORE triggers in name order). Every clinic a customer
     * orders or books at becomes one of their clinics, whoever writes the row.
     */
    static final String ORDER_COLUMNS = """
            ALTER TABLE orders ADD COLUMN IF NOT EXISTS customer_id bigint;
            ALTER TABLE reservations ADD COLUMN IF NOT EXISTS customer_id bigint;
            CREATE OR REPLACE FUNCTION sync_customer_and_user_id() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id
                 AND NEW.customer_id IS NOT DISTINCT FROM OLD.customer_id THEN
                NEW.customer_id := NEW.user_id;
              ELSIF TG_OP = 'UPDATE' AND NEW.customer_id IS DISTINCT FROM OLD.customer_id
                 AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id THEN
                NEW.user_id := NEW.customer_id;
              ELSE
                NEW.customer_id := coalesce(NEW.customer_id, NEW.user_id);
                NEW.user_id := coalesce(NEW.user_id, NEW.customer_id);
              END IF;
              IF NEW.user_id IS DISTINCT FROM NEW.customer_id THEN
                RAISE EXCEPTION '%.user_id (%) and customer_id (%) must name the same customer', TG_TABLE_NAME,
                  NEW.user_id, NEW.customer_id USING ERRCODE = 'check_violation';
              END IF;
              RETURN NEW;
            END $$;
            CREATE OR REPLACE TRIGGER a10_orders_customer_id BEFORE INSERT OR UPDATE OF user_id, customer_id ON orders
              FOR EACH ROW EXECUTE FUNCTION sync_customer_and_user_id();
            CREATE OR REPLACE TRIGGER a10_reservations_customer_id BEFORE INSERT OR UPDATE OF user_id, customer_id
              ON reservations FOR EACH ROW EXECUTE FUNCTION sync_customer_and_user_id();
            CREATE OR REPLACE FUNCTION link_customer_clinic() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.clinic_id IS NOT NULL THEN
                INSERT INTO customer_clinics (customer_id, clinic_id) VALUES (NEW.customer_id, NEW.clinic_id)
                ON CONFLICT DO NOTHING;
              END IF;
              RETURN NULL;
            END $$;
            CREATE OR REPLACE TRIGGER orders_link_customer_clinic AFTER INSERT OR UPDATE OF clinic_id, customer_id,
              user_id ON orders FOR EACH ROW EXECUTE FUNCTION link_customer_clinic();
            CREATE OR REPLACE TRIGGER reservations_link_customer_clinic AFTER INSERT OR UPDATE OF clinic_id,
              customer_id, user_id ON reservations FOR EACH ROW EXECUTE FUNCTION link_customer_clinic();
            """;

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public Integer getChecksum() {
        return OnlineSteps.checksum(Resources.text(SCRIPT), String.join(";", CUSTOMERS), ORDER_COLUMNS);
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        ShortLocks.execute(c, "V3 customer tables and users sync trigger", Resources.text(SCRIPT));
        OnlineSteps.backfill(c, "V3 customers from users", "users", CUSTOMERS);

        ShortLocks.execute(c, "V3 customer_id on orders and reservations", ORDER_COLUMNS);
        for (String table : List.of("orders", "reservations")) {
            OnlineSteps.backfill(c, "V3 " + table + ".customer_id", table, List.of("UPDATE " + table
                    + " SET customer_id = user_id WHERE id >= ? AND id < ? AND customer_id IS NULL"));
            OnlineSteps.addForeignKey(c, table, table + "_customer_id_fkey",
                    "FOREIGN KEY (customer_id) REFERENCES customers(id)");
            OnlineSteps.setNotNull(c, table, "customer_id");
            OnlineSteps.createIndex(c, table + "_customer_idx", "CREATE INDEX", "ON " + table + " (customer_id, id)");
        }
    }
}
