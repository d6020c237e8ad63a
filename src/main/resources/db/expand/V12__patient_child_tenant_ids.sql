-- V12, first part (run by db.migration.V12__patient_child_tenant_ids, after it built the unique index
-- patient_core_id_tenant_uq on patient_core (id, tenant_id) concurrently): every patient child table gets its
-- patient's tenant_id, so that its row-level security policy (the second part, V12__patient_child_tenant_ids_policies)
-- compares a column of the row instead of looking the patient up again for every row read.
--
-- Each unit (between the `ShortLocks: commit` lines) is one short transaction under a 500 ms lock_timeout, retried
-- after a pause on a timeout, and safe to run again after a crash. A unit locks patient_core (SHARE ROW EXCLUSIVE,
-- for the foreign key) before its child table, the order in which the legacy application's writes reach them
-- (patient_core, then its children), and holds both for the milliseconds the catalog changes take.
--
-- * tenant_id is added nullable, without a default: no rewrite. The backfill fills the existing rows afterwards,
--   in batches, and the migration then makes it NOT NULL through a validated CHECK.
-- * The trigger <table>_tenant_id sets tenant_id from the patient on every INSERT and on every UPDATE that moves
--   the row to another patient, whoever writes: the legacy application through the view `patients` (whose INSTEAD
--   OF trigger deletes and inserts the repeating groups and upserts patient_personal), the service through
--   Hibernate, which knows nothing of the column. A tenant_id given by the writer is overwritten. The lookup runs
--   with the writer's rights: for the service's role, row-level security hides another tenant's patient, so
--   tenant_id stays NULL and the policy's WITH CHECK refuses the row.
-- * The foreign key <table>_patient_tenant_fkey (patient_id, tenant_id) -> patient_core (id, tenant_id) makes "a
--   child's tenant is its patient's" a rule of the database: no write can store another tenant (not even the owner's,
--   short of session_replication_role = replica). ON UPDATE CASCADE carries a patient's move to another tenant (the
--   legacy application may move one: normalize_patients upserts patient_core.tenant_id) to all of its child rows,
--   in the same statement. A plain AFTER UPDATE trigger could not do that safely: a child row inserted concurrently
--   with the move would keep the old tenant, whereas the key check locks the patient (FOR KEY SHARE) against the
--   move. Rows whose tenant_id is still NULL are not checked (MATCH SIMPLE) until the backfill has filled them.
--   NOT VALID here, so that adding it scans nothing; the migration validates it after the backfill.
--   ON DELETE CASCADE as the key on patient_id has, so that deleting a patient never depends on which of the two
--   keys' actions runs first.

CREATE OR REPLACE FUNCTION patient_child_tenant_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.patient_id = OLD.patient_id THEN
    RETURN NEW;
  END IF;
  NEW.tenant_id := (SELECT p.tenant_id FROM patient_core p WHERE p.id = NEW.patient_id);
  RETURN NEW;
END $$;
COMMENT ON FUNCTION patient_child_tenant_id() IS 'Sets a patient child row''s tenant_id from its patient, on INSERT and when the row moves to another patient.';

-- ShortLocks: commit
LOCK TABLE patient_core, patient_personal IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE patient_personal ADD COLUMN IF NOT EXISTS tenant_id integer;
COMMENT ON COLUMN patient_personal.tenant_id IS 'Its patient''s tenant (patient_core.tenant_id), set by a trigger and held to it by a foreign key: what the row-level security policy compares.';
CREATE OR REPLACE TRIGGER patient_personal_tenant_id BEFORE INSERT OR UPDATE OF patient_id ON patient_personal
  FOR EACH ROW EXECUTE FUNCTION patient_child_tenant_id();
ALTER TABLE patient_personal DROP CONSTRAINT IF EXISTS patient_personal_patient_tenant_fkey,
  ADD CONSTRAINT patient_personal_patient_tenant_fkey FOREIGN KEY (patient_id, tenant_id)
  REFERENCES patient_core (id, tenant_id) ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
-- ShortLocks: commit
LOCK TABLE patient_core, patient_contacts IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE patient_contacts ADD COLUMN IF NOT EXISTS tenant_id integer;
COMMENT ON COLUMN patient_contacts.tenant_id IS 'Its patient''s tenant (patient_core.tenant_id), set by a trigger and held to it by a foreign key: what the row-level security policy compares.';
CREATE OR REPLACE TRIGGER patient_contacts_tenant_id BEFORE INSERT OR UPDATE OF patient_id ON patient_contacts
  FOR EACH ROW EXECUTE FUNCTION patient_child_tenant_id();
ALTER TABLE patient_contacts DROP CONSTRAINT IF EXISTS patient_contacts_patient_tenant_fkey,
  ADD CONSTRAINT patient_contacts_patient_tenant_fkey FOREIGN KEY (patient_id, tenant_id)
  REFERENCES patient_core (id, tenant_id) ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
-- ShortLocks: commit
LOCK TABLE patient_core, patient_address IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE patient_address ADD COLUMN IF NOT EXISTS tenant_id integer;
COMMENT ON COLUMN patient_address.tenant_id IS 'Its patient''s tenant (patient_core.tenant_id), set by a trigger and held to it by a foreign key: what the row-level security policy compares.';
CREATE OR REPLACE TRIGGER patient_address_tenant_id BEFORE INSERT OR UPDATE OF patient_id ON patient_address
  FOR EACH ROW EXECUTE FUNCTION patient_child_tenant_id();
ALTER TABLE patient_address DROP CONSTRAINT IF EXISTS patient_address_patient_tenant_fkey,
  ADD CONSTRAINT patient_address_patient_tenant_fkey FOREIGN KEY (patient_id, tenant_id)
  REFERENCES patient_core (id, tenant_id) ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
-- ShortLocks: commit
LOCK TABLE patient_core, patient_family IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE patient_family ADD COLUMN IF NOT EXISTS tenant_id integer;
COMMENT ON COLUMN patient_family.tenant_id IS 'Its patient''s tenant (patient_core.tenant_id), set by a trigger and held to it by a foreign key: what the row-level security policy compares.';
CREATE OR REPLACE TRIGGER patient_family_tenant_id BEFORE INSERT OR UPDATE OF patient_id ON patient_family
  FOR EACH ROW EXECUTE FUNCTION patient_child_tenant_id();
ALTER TABLE patient_family DROP CONSTRAINT IF EXISTS patient_family_patient_tenant_fkey,
  ADD CONSTRAINT patient_family_patient_tenant_fkey FOREIGN KEY (patient_id, tenant_id)
  REFERENCES patient_core (id, tenant_id) ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
-- ShortLocks: commit
LOCK TABLE patient_core, patient_gp IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE patient_gp ADD COLUMN IF NOT EXISTS tenant_id integer;
COMMENT ON COLUMN patient_gp.tenant_id IS 'Its patient''s tenant (patient_core.tenant_id), set by a trigger and held to it by a foreign key: what the row-level security policy compares.';
CREATE OR REPLACE TRIGGER patient_gp_tenant_id BEFORE INSERT OR UPDATE OF patient_id ON patient_gp
  FOR EACH ROW EXECUTE FUNCTION patient_child_tenant_id();
ALTER TABLE patient_gp DROP CONSTRAINT IF EXISTS patient_gp_patient_tenant_fkey,
  ADD CONSTRAINT patient_gp_patient_tenant_fkey FOREIGN KEY (patient_id, tenant_id)
  REFERENCES patient_core (id, tenant_id) ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
-- ShortLocks: commit
LOCK TABLE patient_core, patient_insurance IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE patient_insurance ADD COLUMN IF NOT EXISTS tenant_id integer;
COMMENT ON COLUMN patient_insurance.tenant_id IS 'Its patient''s tenant (patient_core.tenant_id), set by a trigger and held to it by a foreign key: what the row-level security policy compares.';
CREATE OR REPLACE TRIGGER patient_insurance_tenant_id BEFORE INSERT OR UPDATE OF patient_id ON patient_insurance
  FOR EACH ROW EXECUTE FUNCTION patient_child_tenant_id();
ALTER TABLE patient_insurance DROP CONSTRAINT IF EXISTS patient_insurance_patient_tenant_fkey,
  ADD CONSTRAINT patient_insurance_patient_tenant_fkey FOREIGN KEY (patient_id, tenant_id)
  REFERENCES patient_core (id, tenant_id) ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
-- ShortLocks: commit
LOCK TABLE patient_core, patient_allergies IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE patient_allergies ADD COLUMN IF NOT EXISTS tenant_id integer;
COMMENT ON COLUMN patient_allergies.tenant_id IS 'Its patient''s tenant (patient_core.tenant_id), set by a trigger and held to it by a foreign key: what the row-level security policy compares.';
CREATE OR REPLACE TRIGGER patient_allergies_tenant_id BEFORE INSERT OR UPDATE OF patient_id ON patient_allergies
  FOR EACH ROW EXECUTE FUNCTION patient_child_tenant_id();
ALTER TABLE patient_allergies DROP CONSTRAINT IF EXISTS patient_allergies_patient_tenant_fkey,
  ADD CONSTRAINT patient_allergies_patient_tenant_fkey FOREIGN KEY (patient_id, tenant_id)
  REFERENCES patient_core (id, tenant_id) ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
-- ShortLocks: commit
LOCK TABLE patient_core, patient_medications IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE patient_medications ADD COLUMN IF NOT EXISTS tenant_id integer;
COMMENT ON COLUMN patient_medications.tenant_id IS 'Its patient''s tenant (patient_core.tenant_id), set by a trigger and held to it by a foreign key: what the row-level security policy compares.';
CREATE OR REPLACE TRIGGER patient_medications_tenant_id BEFORE INSERT OR UPDATE OF patient_id
  ON patient_medications FOR EACH ROW EXECUTE FUNCTION patient_child_tenant_id();
ALTER TABLE patient_medications DROP CONSTRAINT IF EXISTS patient_medications_patient_tenant_fkey,
  ADD CONSTRAINT patient_medications_patient_tenant_fkey FOREIGN KEY (patient_id, tenant_id)
  REFERENCES patient_core (id, tenant_id) ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
-- ShortLocks: commit
LOCK TABLE patient_core, patient_conditions IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE patient_conditions ADD COLUMN IF NOT EXISTS tenant_id integer;
COMMENT ON COLUMN patient_conditions.tenant_id IS 'Its patient''s tenant (patient_core.tenant_id), set by a trigger and held to it by a foreign key: what the row-level security policy compares.';
CREATE OR REPLACE TRIGGER patient_conditions_tenant_id BEFORE INSERT OR UPDATE OF patient_id
  ON patient_conditions FOR EACH ROW EXECUTE FUNCTION patient_child_tenant_id();
ALTER TABLE patient_conditions DROP CONSTRAINT IF EXISTS patient_conditions_patient_tenant_fkey,
  ADD CONSTRAINT patient_conditions_patient_tenant_fkey FOREIGN KEY (patient_id, tenant_id)
  REFERENCES patient_core (id, tenant_id) ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
