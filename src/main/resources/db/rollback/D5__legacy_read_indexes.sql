-- Down from version 5 to 4: undoes V5__legacy_read_indexes. Run by dev.normalizer.migration.Rollback, in the
-- same transaction as the other down scripts and the history update, hence a plain DROP INDEX: a short exclusive
-- lock on each table, and no data is lost. IF EXISTS, because losing an index is no reason to refuse the way back.
DROP INDEX IF EXISTS users_customers_tenant_idx, orders_user_idx, reservations_user_idx;
