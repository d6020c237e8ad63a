-- Down from version 6 to 5: undoes V6__public_ids. Run by dev.normalizer.migration.Rollback, in the same
-- transaction as the other down scripts and the history update.
--
-- Public ids have been handed to API consumers, so they are kept, not lost: every (table, id, public_id) goes to
-- rollback_kept.public_ids, outside the public schema, and V6 gives them back when it runs again. Then the
-- columns, their indexes and constraints, the triggers and the generator functions go.

LOCK TABLE patient_core, customers, orders, reservations, companies IN EXCLUSIVE MODE;

CREATE SCHEMA IF NOT EXISTS rollback_kept;
CREATE TABLE IF NOT EXISTS rollback_kept.public_ids (
  table_name text NOT NULL,
  id         bigint NOT NULL,
  public_id  text NOT NULL,
  PRIMARY KEY (table_name, id)
);

WITH kept AS (
  INSERT INTO rollback_kept.public_ids (table_name, id, public_id)
  SELECT 'patient_core', id, public_id FROM patient_core
  UNION ALL SELECT 'customers', id, public_id FROM customers
  UNION ALL SELECT 'orders', id, public_id FROM orders
  UNION ALL SELECT 'reservations', id, public_id FROM reservations
  UNION ALL SELECT 'companies', id, public_id FROM companies
  ON CONFLICT (table_name, id) DO UPDATE SET public_id = EXCLUDED.public_id
  RETURNING table_name)
SELECT 'rollback_kept.public_ids: public ids kept for V6 to give back' AS restored_table, count(*) AS rows FROM kept;

DROP TRIGGER patient_core_public_id ON patient_core;
DROP TRIGGER customers_public_id ON customers;
DROP TRIGGER orders_public_id ON orders;
DROP TRIGGER reservations_public_id ON reservations;
DROP TRIGGER companies_public_id ON companies;
ALTER TABLE patient_core DROP COLUMN public_id;
ALTER TABLE customers DROP COLUMN public_id;
ALTER TABLE orders DROP COLUMN public_id;
ALTER TABLE reservations DROP COLUMN public_id;
ALTER TABLE companies DROP COLUMN public_id;
DROP FUNCTION fill_public_id();
DROP FUNCTION random_public_id(text);
