-- V2, cutover: `patients` becomes a compatibility view over the normalized tables, which are the source of truth
-- from here on. Run by db.migration.V2__normalize_patients once the backfill is complete, as one transaction under a
-- 500 ms lock_timeout (retried): it holds ACCESS EXCLUSIVE on the flat table for the milliseconds that the catalog
-- changes take, and copies no data.
--
-- * The flat table is renamed to `patients_flat` and kept, with every row, until the contract step (V1001). Its id
--   sequence moves to patient_core, so new patients keep getting ids after the old ones.
-- * The view `patients` has the 185 legacy columns, in the legacy order, with the legacy defaults. The legacy
--   application's SELECT, INSERT (with the sequence's default, RETURNING included), UPDATE and DELETE of any column
--   work unchanged: its INSTEAD OF trigger writes the row into patients_flat and from there, through
--   normalize_patients, into the normalized tables, so that the flat table stays the legacy row for every patient the service has not written
--   (what the integrity checks and the contract step's gate compare).
-- * security_invoker: the view checks the rights and row-level security of whoever reads it, not its owner's.

DROP TRIGGER patients_sync_insert ON patients;
DROP TRIGGER patients_sync_update ON patients;
DROP TRIGGER patients_sync_delete ON patients;
DROP FUNCTION patients_sync_write();
DROP FUNCTION patients_sync_delete();
DROP FUNCTION delete_patients(bigint[]);

-- squawk-ignore renaming-table -- the view patients takes the name in this same transaction: no client sees a gap
ALTER TABLE patients RENAME TO patients_flat;
ALTER SEQUENCE patients_id_seq OWNED BY NONE;
ALTER SEQUENCE patients_id_seq RENAME TO patient_core_id_seq;
ALTER SEQUENCE patient_core_id_seq OWNED BY patient_core.id;

CREATE VIEW patients WITH (security_invoker = true) AS SELECT * FROM v_patients_legacy;

-- The legacy defaults (created_at, status, deceased, flags, ...) on the view, so that an INSERT that leaves a column
-- out gets what the table gave it. The id's default moves with the sequence.
DO $$
DECLARE
  d record;
BEGIN
  FOR d IN SELECT a.attname, pg_get_expr(ad.adbin, ad.adrelid) AS expr
           FROM pg_attrdef ad JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
           WHERE ad.adrelid = 'patients_flat'::regclass LOOP
    EXECUTE format('ALTER VIEW patients ALTER COLUMN %I SET DEFAULT %s', d.attname, d.expr);
  END LOOP;
END $$;
ALTER TABLE patients_flat ALTER COLUMN id DROP DEFAULT;

CREATE FUNCTION patients_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r patients_flat;
BEGIN
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id) THEN
    DELETE FROM patient_core WHERE id = OLD.id;
    DELETE FROM patients_flat WHERE id = OLD.id;
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
  END IF;
  SELECT NEW.* INTO STRICT r;
  DELETE FROM patients_flat WHERE id = r.id;
  INSERT INTO patients_flat SELECT (r).*;
  PERFORM normalize_patients(ARRAY[r.id]);
  RETURN NEW;
END $$;
CREATE TRIGGER patients_write INSTEAD OF INSERT OR UPDATE OR DELETE ON patients
  FOR EACH ROW EXECUTE FUNCTION patients_write();

UPDATE patient_backfill SET cut_over_at = now();

COMMENT ON VIEW patients IS 'The legacy patients table as the legacy application knows it, over the normalized tables (writable through the trigger patients_write). Dropped by the contract step.';
COMMENT ON TABLE patients_flat IS 'The legacy flat patients table, as of the cutover; the legacy application''s writes through the view patients keep it in step. Source of truth is patient_core and its children.';
