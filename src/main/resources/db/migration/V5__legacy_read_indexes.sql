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
--
-- squawk (.squawk.toml): no lock_timeout here. A concurrent build's lock (SHARE UPDATE EXCLUSIVE) blocks no read or
-- write of the legacy application, only other schema changes; but the build also waits for every transaction older
-- than itself to end, and under a lock_timeout any such transaction older than the timeout would fail it and leave
-- an INVALID index. And no IF NOT EXISTS: an index that already exists may be such an INVALID one, which IF NOT
-- EXISTS would keep; it is dropped just above instead, which makes the script safe to run again.
-- squawk-ignore-file require-lock-timeout, prefer-robust-stmts
DROP INDEX CONCURRENTLY IF EXISTS users_customers_tenant_idx;
CREATE INDEX CONCURRENTLY users_customers_tenant_idx ON users (tenant_id, id) WHERE is_customer;

DROP INDEX CONCURRENTLY IF EXISTS orders_user_idx;
CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id, id);

DROP INDEX CONCURRENTLY IF EXISTS reservations_user_idx;
CREATE INDEX CONCURRENTLY reservations_user_idx ON reservations (user_id, id);
