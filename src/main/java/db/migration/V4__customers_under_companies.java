package db.migration;

import dev.normalizer.common.Resources;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * V4: puts every customer under a company, online (outside a transaction, like V3 and V6); every step can run
 * again after a crash:
 * <ol>
 * <li>columns, Default Companies, addresses and the triggers for new rows ({@code db/expand/V4__...sql}, one short
 * transaction);</li>
 * <li>the unique keys of companies and the customers' indexes, CONCURRENTLY;</li>
 * <li>{@code orders.company_id} (nullable, instant) with the triggers that keep it equal to the customer's company;</li>
 * <li>orphans into their tenant's Default Company (users and customers), orders' companies, and the legacy e-mail
 * duplicates marked, each in batches of ids, one short transaction per batch;</li>
 * <li>NOT NULL through validated CHECKs, foreign keys NOT VALID then VALIDATE, the remaining indexes CONCURRENTLY
 * (among them the unique e-mail index), the duplicates' view.</li>
 * </ol>
 */
public class V4__customers_under_companies extends BaseJavaMigration {

    static final String SCRIPT = "db/expand/V4__customers_under_companies.sql";

    /**
     * Step 3. A customer's company belongs to the customer's tenant (composite key, step 5); an order's company is
     * its customer's, whoever writes it, and follows the customer when the customer moves.
     */
    static final String ORDER_COMPANY = """
            ALTER TABLE orders ADD COLUMN IF NOT EXISTS company_id integer;
            CREATE OR REPLACE FUNCTION set_order_company() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              SELECT c.company_id INTO NEW.company_id FROM customers c WHERE c.id = NEW.customer_id;
              RETURN NEW;
            END $$;
            CREATE OR REPLACE TRIGGER a20_orders_company BEFORE INSERT OR UPDATE OF user_id, customer_id, company_id
              ON orders FOR EACH ROW EXECUTE FUNCTION set_order_company();
            CREATE OR REPLACE FUNCTION move_orders_with_customer() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE orders SET company_id = NEW.company_id WHERE customer_id = NEW.id;
              RETURN NULL;
            END $$;
            CREATE OR REPLACE TRIGGER customers_company_follows_to_orders AFTER UPDATE OF company_id ON customers
              FOR EACH ROW WHEN (OLD.company_id IS DISTINCT FROM NEW.company_id)
              EXECUTE FUNCTION move_orders_with_customer();
            """;

    /** Step 4: orphans of one batch of ids; the users UPDATE reaches customers through V3's sync trigger. */
    static final List<String> ORPHANS = List.of("""
            UPDATE users u SET company_id = d.id FROM companies d
            WHERE d.tenant_id = u.tenant_id AND d.is_default AND u.is_customer AND u.company_id IS NULL
              AND u.id >= ? AND u.id < ?""", """
            UPDATE customers c SET company_id = d.id FROM companies d
            WHERE d.tenant_id = c.tenant_id AND d.is_default AND c.company_id IS NULL AND c.id >= ? AND c.id < ?""");

    static final String ORDERS = """
            UPDATE orders o SET company_id = c.company_id FROM customers c
            WHERE c.id = o.customer_id AND o.id >= ? AND o.id < ? AND o.company_id IS DISTINCT FROM c.company_id""";

    /** The first (lowest id) of each tenant, company and lower(email) is the original; the others point at it. */
    static final String DUPLICATES = """
            UPDATE customers c SET legacy_duplicate_of = nullif(f.first_id, c.id)
            FROM (SELECT x.id, (SELECT min(y.id) FROM customers y
                                WHERE y.tenant_id = x.tenant_id AND y.company_id = x.company_id
                                  AND lower(y.email) = lower(x.email)) AS first_id
                  FROM customers x WHERE x.id >= ? AND x.id < ?) f
            WHERE f.id = c.id AND c.legacy_duplicate_of IS DISTINCT FROM nullif(f.first_id, c.id)""";

    static final String VIEW = """
            CREATE OR REPLACE VIEW customer_email_duplicates AS
            SELECT tenant_id, company_id, lower(email) AS email, count(*) AS customers,
                   array_agg(id ORDER BY id) AS customer_ids
            FROM customers
            GROUP BY tenant_id, company_id, lower(email)
            HAVING count(*) > 1;
            COMMENT ON VIEW customer_email_duplicates IS 'Legacy e-mail duplicates within a tenant and company, reported for follow-up.';
            """;

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public Integer getChecksum() {
        return OnlineSteps.checksum(Resources.text(SCRIPT), ORDER_COMPANY, String.join(";", ORPHANS), ORDERS,
                DUPLICATES, VIEW);
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        ShortLocks.execute(c, "V4 default companies and triggers", Resources.text(SCRIPT));

        OnlineSteps.createIndex(c, "companies_id_tenant_uq", "CREATE UNIQUE INDEX", "ON companies (id, tenant_id)");
        if (!OnlineSteps.exists(c, "SELECT 1 FROM pg_constraint WHERE conname = 'companies_id_tenant_uq'")) {
            ShortLocks.execute(c, "V4 companies (id, tenant_id) key",
                    "ALTER TABLE companies ADD CONSTRAINT companies_id_tenant_uq UNIQUE USING INDEX companies_id_tenant_uq");
        }
        OnlineSteps.createIndex(c, "companies_one_default_per_tenant_uq", "CREATE UNIQUE INDEX",
                "ON companies (tenant_id) WHERE is_default");
        OnlineSteps.createIndex(c, "customers_company_idx", "CREATE INDEX", "ON customers (company_id, id)");
        OnlineSteps.createIndex(c, "customers_tenant_email_idx", "CREATE INDEX",
                "ON customers (tenant_id, lower(email), id)");

        ShortLocks.execute(c, "V4 company_id on orders", ORDER_COMPANY);
        OnlineSteps.backfill(c, "V4 orphan customers into the Default Company", "users", ORPHANS.subList(0, 1));
        OnlineSteps.backfill(c, "V4 orphan customers into the Default Company", "customers", ORPHANS.subList(1, 2));
        OnlineSteps.backfill(c, "V4 orders.company_id", "orders", List.of(ORDERS));
        OnlineSteps.backfill(c, "V4 legacy e-mail duplicates", "customers", List.of(DUPLICATES));

        OnlineSteps.addForeignKey(c, "customers", "customers_legacy_duplicate_of_fkey",
                "FOREIGN KEY (legacy_duplicate_of) REFERENCES customers(id)");
        OnlineSteps.setNotNull(c, "customers", "company_id");
        OnlineSteps.addForeignKey(c, "customers", "customers_company_in_tenant_fk",
                "FOREIGN KEY (company_id, tenant_id) REFERENCES companies (id, tenant_id)");
        OnlineSteps.addForeignKey(c, "orders", "orders_company_id_fkey",
                "FOREIGN KEY (company_id) REFERENCES companies(id)");
        OnlineSteps.setNotNull(c, "orders", "company_id");
        OnlineSteps.createIndex(c, "orders_company_idx", "CREATE INDEX", "ON orders (company_id)");
        OnlineSteps.createIndex(c, "customers_tenant_company_email_uq", "CREATE UNIQUE INDEX",
                "ON customers (tenant_id, company_id, lower(email)) WHERE legacy_duplicate_of IS NULL");
        ShortLocks.execute(c, "V4 duplicates view", VIEW);
    }
}
