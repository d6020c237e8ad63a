-- Down from version 2 to 1: undoes V2__normalize_patients. Run by dev.normalizer.migration.Rollback, in the
-- same transaction as the other down scripts and the history update.
--
-- * The flat table is rebuilt from the normalized tables, the source of truth, through v_patients_legacy: every
--   patient written, changed or removed since V2 is in it as the service last left it. patients_flat (the
--   rows as they were at V2) is not the source; it is only the container.
-- * The container is the original table itself: V2 renamed it and never touched its definition, so it still
--   has the legacy columns, types, defaults (except id's), NOT NULL and foreign key constraints, indexes, and
--   their original names (patients_pkey, patients_tenant_surname_idx, ...), as well as any grant or storage
--   setting production gave it. It is emptied, refilled from the view and renamed back to patients; the id
--   sequence gets its name, its default and its ownership back and continues after max(id).
-- * Then the view and the patient_* tables go.
--
-- Nothing the view shows can be lost: it has the 185 legacy columns with their types, and the normalized tables
-- cannot hold more than the legacy columns do (one row per slot, kind or relation, with slots bounded by CHECK
-- constraints). Two things can still be lost, and the script refuses, changing nothing, when it finds them:
-- * a patient_core row without its patient_personal row, which the view (an inner join) does not show;
-- * a phone or fax number longer than the legacy varchar(30): patient_contacts.value is varchar(255), and the
--   view's cast to varchar(30) would cut it silently. The service validates lengths; a direct write may not.
-- No CASCADE anywhere. The result sets named (restored_table, rows) are read by Rollback for its report.
-- This script undoes a V2 that reached its cutover; an expand stopped before it (the flat table is still
-- `patients`) is undone by D2__normalize_patients_unfinished.sql instead.

-- The compatibility view goes first: the legacy application's writes through it are in the normalized tables.
DROP VIEW patients;
DROP FUNCTION patients_write();

LOCK TABLE patient_core, patient_personal, patient_contacts, patient_address, patient_family, patient_gp,
  patient_insurance, patient_allergies, patient_medications, patient_conditions IN EXCLUSIVE MODE;

DO $$
DECLARE
  problems text[] := '{}';
  n bigint;
  ids text;
BEGIN
  IF to_regclass('patients_flat') IS NULL THEN
    problems := problems || 'the legacy table patients_flat is gone, so there is no legacy definition to restore '
      '(restore a backup)'::text;
  END IF;
  IF to_regclass('patients') IS NOT NULL THEN
    problems := problems || 'a relation named patients already exists'::text;
  END IF;
  IF to_regclass('patient_core_id_seq') IS NULL THEN
    problems := problems || 'the patient id sequence patient_core_id_seq is gone'::text;
  END IF;

  SELECT count(*), string_agg(c.id::text, ', ' ORDER BY c.id) INTO n, ids
  FROM patient_core c WHERE NOT EXISTS (SELECT 1 FROM patient_personal pp WHERE pp.patient_id = c.id);
  IF n > 0 THEN
    problems := problems || format('%s patient(s) without a patient_personal row are not in v_patients_legacy '
      'and would be lost (ids %s)', n, ids);
  END IF;

  SELECT count(*), string_agg(format('patient %s %s', x.patient_id, x.kind), ', ' ORDER BY x.patient_id, x.kind)
  INTO n, ids
  FROM patient_contacts x
  WHERE x.kind IN ('phone_home', 'phone_mobile', 'phone_work', 'fax') AND length(x.value) > 30;
  IF n > 0 THEN
    problems := problems || format('%s phone/fax number(s) longer than the legacy varchar(30) would be cut '
      '(%s)', n, ids);
  END IF;

  IF cardinality(problems) > 0 THEN
    RAISE EXCEPTION 'rollback of V2 (normalize patients) refused, nothing changed: %',
      array_to_string(problems, '; ');
  END IF;

  SELECT count(*) INTO n FROM patients_flat f WHERE NOT EXISTS (SELECT 1 FROM patient_core c WHERE c.id = f.id);
  IF n > 0 THEN
    RAISE NOTICE '% patient(s) of patients_flat were deleted from patient_core since V2 and stay deleted', n;
  END IF;
END $$;

TRUNCATE patients_flat;
WITH restored AS (INSERT INTO patients_flat SELECT * FROM v_patients_legacy RETURNING id)
SELECT 'patients: rebuilt from v_patients_legacy' AS restored_table, count(*) AS rows FROM restored;

DROP VIEW v_patients_legacy;
DROP FUNCTION normalize_patients(bigint[]);
DROP TABLE patient_backfill;
DROP TABLE patient_conditions;
DROP TABLE patient_medications;
DROP TABLE patient_allergies;
DROP TABLE patient_insurance;
DROP TABLE patient_gp;
DROP TABLE patient_family;
DROP TABLE patient_address;
DROP TABLE patient_contacts;
DROP TABLE patient_personal;
ALTER SEQUENCE patient_core_id_seq OWNED BY NONE;
DROP TABLE patient_core;

ALTER TABLE patients_flat RENAME TO patients;
COMMENT ON TABLE patients IS NULL;
ALTER SEQUENCE patient_core_id_seq RENAME TO patients_id_seq;
ALTER TABLE patients ALTER COLUMN id SET DEFAULT nextval('patients_id_seq'::regclass);
ALTER SEQUENCE patients_id_seq OWNED BY patients.id;

-- The sequence keeps its position (ids of deleted patients are not handed out again) unless rows carry higher ids.
DO $$
DECLARE
  max_id bigint;
  next_id bigint;
BEGIN
  SELECT max(id) INTO max_id FROM patients;
  SELECT coalesce(s.last_value + s.increment_by, s.start_value) INTO next_id
  FROM pg_sequences s WHERE s.schemaname = current_schema() AND s.sequencename = 'patients_id_seq';
  IF max_id >= next_id THEN
    PERFORM setval('patients_id_seq', max_id);
  END IF;
END $$;

ANALYZE patients;
