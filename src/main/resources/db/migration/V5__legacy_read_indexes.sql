-- Indexes for the legacy read path, on the large live tables users, orders and reservations. The legacy schema
-- has none for "a tenant's customers" or "a customer's orders/reservations", so those reads scan the table.
--
-- Built with CREATE INDEX CONCURRENTLY, which does not block writes while it runs. That cannot happen inside a
-- transaction, so this script runs without one (V5__legacy_read_indexes.sql.conf) under Flyway's session-level
-- lock (dev.normalizer.migration.FlywayLocking); replicas starting meanwhile wait for that lock.
--
-- A cancelled or failed concurrent build leaves an INVALID index behind and Flyway records V5 as failed. Each
-- index is therefore dropped first (concurrently as well), so the script can simply run again after
-- `repair`; the integrity check "indexes-and-foreign-keys" counts only valid indexes.
DROP INDEX CONCURRENTLY IF EXISTS users_customers_tenant_idx;
CREATE INDEX CONCURRENTLY users_customers_tenant_idx ON users (tenant_id, id) WHERE is_customer;

DROP INDEX CONCURRENTLY IF EXISTS orders_user_idx;
CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id, id);

DROP INDEX CONCURRENTLY IF EXISTS reservations_user_idx;
CREATE INDEX CONCURRENTLY reservations_user_idx ON reservations (user_id, id);
