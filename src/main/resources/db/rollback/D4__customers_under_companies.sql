-- Down from version 4 to 3: undoes V4__customers_under_companies. Run by dev.normalizer.migration.Rollback, in
-- the same transaction as the other down scripts and the history update (Flyway's own undo is not used).
--
-- * Customers in their tenant's Default Company become orphans again (company_id NULL, in customers and in the
--   legacy users columns). V4 did not record which customers were orphans, and V4 must not be edited, so "in the
--   default company" is the definition. That includes customers registered into it after V4: the legacy schema
--   has no default company, so NULL is how it says the same thing.
-- * The Default Company rows, companies.is_default, the (id, tenant_id) key, orders.company_id, addresses, the
--   duplicate marker, its index and view, and the triggers and functions of V4 go (among them those that put the
--   legacy application's new customers under the Default Company and mark their duplicates).
-- * It refuses, changing nothing, when that would lose something the V3 schema cannot hold (see the checks).
-- No CASCADE anywhere: an object someone else built on these makes the script fail instead of vanishing.
-- The result sets named (restored_table, rows) are read by Rollback for its report.

LOCK TABLE companies, customers, users, orders, addresses IN EXCLUSIVE MODE;

DO $$
DECLARE
  problems text[] := '{}';
  n bigint;
  ids text;
BEGIN
  SELECT count(*), string_agg(DISTINCT company_id::text, ', ') INTO n, ids FROM addresses;
  IF n > 0 THEN
    problems := problems || format('%s company address(es) would be lost (the addresses table is new in V4; '
      'companies %s)', n, ids);
  END IF;

  -- Only customers are orphans by definition; a staff row in a Default Company was put there on purpose.
  SELECT count(*), string_agg(u.id::text, ', ' ORDER BY u.id) INTO n, ids
  FROM users u JOIN companies d ON d.id = u.company_id AND d.is_default WHERE NOT u.is_customer;
  IF n > 0 THEN
    problems := problems || format('%s staff user(s) belong to a Default Company, which would be deleted '
      '(users %s)', n, ids);
  END IF;

  -- A renamed Default Company is a real company now; deleting it would lose its name.
  SELECT count(*), string_agg(format('%s %L', id, name), ', ' ORDER BY id) INTO n, ids
  FROM companies WHERE is_default AND name <> 'Default Company';
  IF n > 0 THEN
    problems := problems || format('%s Default Company row(s) were renamed and would be deleted (%s)', n, ids);
  END IF;

  -- orders.company_id is derived from the customer by triggers; a row that says otherwise carries information.
  SELECT count(*), string_agg(o.id::text, ', ' ORDER BY o.id) INTO n, ids
  FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.company_id IS DISTINCT FROM c.company_id;
  IF n > 0 THEN
    problems := problems || format('%s order(s) whose company_id is not their customer''s would lose it '
      '(orders %s)', n, ids);
  END IF;

  IF cardinality(problems) > 0 THEN
    RAISE EXCEPTION 'rollback of V4 (customers under companies) refused, nothing changed: %',
      array_to_string(problems, '; ');
  END IF;
END $$;

DROP TRIGGER users_customer_default_company ON users;
DROP FUNCTION put_customer_in_default_company();
DROP TRIGGER customers_legacy_duplicate ON customers;
DROP FUNCTION mark_legacy_duplicate();
DROP TRIGGER customers_release_legacy_duplicates ON customers;
DROP FUNCTION release_legacy_duplicates();
DROP TRIGGER tenants_default_company ON tenants;
DROP FUNCTION create_default_company();
DROP TRIGGER customers_company_follows_to_orders ON customers;
DROP FUNCTION move_orders_with_customer();
DROP TRIGGER a20_orders_company ON orders;
DROP FUNCTION set_order_company();
ALTER TABLE orders DROP COLUMN company_id;

DROP TABLE addresses;

DROP VIEW customer_email_duplicates;
DROP INDEX customers_tenant_company_email_uq;
ALTER TABLE customers DROP COLUMN legacy_duplicate_of;
DROP INDEX customers_company_idx;
DROP INDEX customers_tenant_email_idx;
ALTER TABLE customers DROP CONSTRAINT customers_company_in_tenant_fk;
ALTER TABLE customers ALTER COLUMN company_id DROP NOT NULL;

WITH orphans AS (
  UPDATE customers c SET company_id = NULL FROM companies d WHERE d.id = c.company_id AND d.is_default RETURNING c.id)
SELECT 'customers: company_id back to NULL (Default Company)' AS restored_table, count(*) AS rows FROM orphans;

WITH orphans AS (
  UPDATE users u SET company_id = NULL FROM companies d
  WHERE d.id = u.company_id AND d.is_default AND u.is_customer RETURNING u.id)
SELECT 'users: company_id back to NULL (Default Company)' AS restored_table, count(*) AS rows FROM orphans;

WITH removed AS (DELETE FROM companies WHERE is_default RETURNING id)
SELECT 'companies: Default Company rows removed' AS restored_table, count(*) AS rows FROM removed;

ALTER TABLE companies DROP CONSTRAINT companies_id_tenant_uq;
ALTER TABLE companies DROP COLUMN is_default;
