-- Contract step for patients: drops the flat table `patients_flat`, which V2 kept next to the normalized tables that
-- have been the source of truth since (v_patients_legacy serves the legacy shape from them), and the compatibility
-- objects of V2's cutover: the view `patients` and its trigger, through which the legacy application wrote. From here
-- on, the legacy application no longer works: deploy this only after it is gone (docs/dba.md, rolling deploy).
--
-- Not applied by default: like V1000, only with NORMALIZER_CONTRACT_MIGRATIONS_ENABLED=true. It cannot be undone
-- (a rollback below V2 rebuilds `patients` into this table): restore a backup instead. It refuses, changing
-- nothing, when dropping the table would lose data:
--   * a flat row whose patient is not in patient_core (a backfill that missed it);
--   * a flat row changed after the move: its updated_at differs from patient_core's and is not older than it
--     (someone wrote to the flat table; the service writes to patient_core and, for erasures and restrictions,
--     keeps the flat row equal to the view);
--   * a flat row of a patient not written since the move that differs from what v_patients_legacy shows.
-- The last check reads every such patient through the view: on a million patients it takes minutes.
--
-- Dropping what the legacy shape needed is what a contract step is for (squawk's ban-drop-table), once the checks
-- below found every row in the normalized tables. Each ACCESS EXCLUSIVE lock is waited for at most 500 ms (as
-- ShortLocks does), so that no read queues behind the step; on a timeout nothing is changed: migrate again.
-- squawk-ignore-file ban-drop-table
SET LOCAL lock_timeout = '500ms';

DO $$
DECLARE
  missing bigint;
  written_flat bigint;
  differing bigint;
BEGIN
  SELECT count(*) INTO missing
  FROM patients_flat f WHERE NOT EXISTS (SELECT 1 FROM patient_core c WHERE c.id = f.id);
  SELECT count(*) INTO written_flat
  FROM patients_flat f JOIN patient_core c ON c.id = f.id
  WHERE f.updated_at IS DISTINCT FROM c.updated_at
    AND (c.updated_at IS NULL OR f.updated_at >= c.updated_at);
  SELECT count(*) INTO differing FROM (
    SELECT f.* FROM patients_flat f JOIN patient_core c ON c.id = f.id
    WHERE f.updated_at IS NOT DISTINCT FROM c.updated_at
    EXCEPT
    SELECT v.* FROM v_patients_legacy v JOIN patients_flat f ON f.id = v.id
    WHERE f.updated_at IS NOT DISTINCT FROM v.updated_at) AS d;
  IF missing > 0 OR written_flat > 0 OR differing > 0 THEN
    RAISE EXCEPTION 'contract refused, nothing changed: % row(s) of patients_flat without a patient_core row, % row(s) of patients_flat written after the move, % row(s) of patients_flat of unwritten patients that differ from v_patients_legacy',
      missing, written_flat, differing;
  END IF;
END $$;

DROP VIEW patients;
DROP FUNCTION patients_write();
DROP FUNCTION normalize_patients(bigint[]);
DROP TABLE patient_backfill;
DROP TABLE patients_flat;
