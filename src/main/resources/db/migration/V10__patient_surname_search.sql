-- V10: a surname search that row-level security lets use an index.
--
-- The patient list's surname filter ignores case: lower(surname) = lower(?). Under the policies of V9, PostgreSQL
-- evaluates a condition that applies a function which is not LEAKPROOF (lower is not) to a column only after the
-- policy, so it could not use the index on (tenant_id, lower(surname), id): a filtered list read every row of the
-- tenant, 2 s at a million patients (docs/benchmarks.md). surname_key holds lower(surname), kept by a trigger, and
-- the search compares it with the plain = of text, which is leakproof.
--
-- Expand only: a new nullable column (no table rewrite), the trigger, then the backfill in batches of 10,000 rows,
-- each committed on its own so that no lock is held for long, then the index, built concurrently. Hence no
-- transaction around the script (V10__patient_surname_search.sql.conf), under Flyway's session lock
-- (dev.normalizer.migration.FlywayLocking). Every step can run again: after a failure, `repair` and migrate.
--
-- The column and the trigger take locks that block the legacy application (ACCESS EXCLUSIVE, SHARE ROW EXCLUSIVE on
-- patient_core): they wait for them at most 500 ms (as ShortLocks does), so that no read or write queues behind a
-- migration that waits for a long transaction. On a timeout the migration fails: `repair`, then migrate again. The
-- backfill and the concurrent build take no such lock and run without the timeout (the build waits for every older
-- transaction, and would fail on one older than that, leaving an INVALID index).
SET lock_timeout = '500ms';
ALTER TABLE patient_core ADD COLUMN IF NOT EXISTS surname_key text;
COMMENT ON COLUMN patient_core.surname_key IS 'lower(surname), kept by a trigger: the case-insensitive surname search.';

CREATE OR REPLACE FUNCTION patient_core_surname_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.surname_key := lower(NEW.surname);
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS patient_core_surname_key ON patient_core;
CREATE TRIGGER patient_core_surname_key BEFORE INSERT OR UPDATE OF surname ON patient_core
  FOR EACH ROW EXECUTE FUNCTION patient_core_surname_key();
RESET lock_timeout;

DO $$
DECLARE
  last_id bigint := 0;
  batch_end bigint;
BEGIN
  LOOP
    SELECT max(id) INTO batch_end FROM (SELECT id FROM patient_core WHERE id > last_id ORDER BY id LIMIT 10000) b;
    EXIT WHEN batch_end IS NULL;
    UPDATE patient_core SET surname_key = lower(surname)
    WHERE id > last_id AND id <= batch_end AND surname_key IS DISTINCT FROM lower(surname);
    COMMIT;
    last_id := batch_end;
  END LOOP;
END $$;

DROP INDEX CONCURRENTLY IF EXISTS patient_core_tenant_surname_key_idx;
-- squawk-ignore prefer-robust-stmts -- dropped just above: IF NOT EXISTS would keep an INVALID index of a failed build
CREATE INDEX CONCURRENTLY patient_core_tenant_surname_key_idx ON patient_core (tenant_id, surname_key, id);
