-- Down from version 12 to 11: undoes V12__patient_child_tenant_ids. Run by dev.normalizer.migration.Rollback, in the
-- same transaction as the other down scripts and the history update.
--
-- No data is lost, so this never refuses: a child row's tenant_id only repeats its patient's. The policies of V9 come
-- back first (they look each row's patient up again; they must, before the column they would otherwise use goes),
-- then the foreign keys, triggers and columns, the trigger function and the unique index they needed. Every
-- statement tolerates what an interrupted V12 may not have created yet, so a DBA can also run this by hand to remove
-- the traces of a V12 that was stopped and will not be finished (docs/dba.md).

LOCK TABLE patient_core, patient_personal, patient_contacts, patient_address, patient_family, patient_gp,
  patient_insurance, patient_allergies, patient_medications, patient_conditions IN ACCESS EXCLUSIVE MODE;

ALTER POLICY tenant_isolation ON patient_personal
  USING (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_personal.patient_id AND p.tenant_id = current_tenant_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_personal.patient_id AND p.tenant_id = current_tenant_id()));
ALTER POLICY tenant_isolation ON patient_contacts
  USING (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_contacts.patient_id AND p.tenant_id = current_tenant_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_contacts.patient_id AND p.tenant_id = current_tenant_id()));
ALTER POLICY tenant_isolation ON patient_address
  USING (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_address.patient_id AND p.tenant_id = current_tenant_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_address.patient_id AND p.tenant_id = current_tenant_id()));
ALTER POLICY tenant_isolation ON patient_family
  USING (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_family.patient_id AND p.tenant_id = current_tenant_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_family.patient_id AND p.tenant_id = current_tenant_id()));
ALTER POLICY tenant_isolation ON patient_gp
  USING (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_gp.patient_id AND p.tenant_id = current_tenant_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_gp.patient_id AND p.tenant_id = current_tenant_id()));
ALTER POLICY tenant_isolation ON patient_insurance
  USING (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_insurance.patient_id AND p.tenant_id = current_tenant_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_insurance.patient_id AND p.tenant_id = current_tenant_id()));
ALTER POLICY tenant_isolation ON patient_allergies
  USING (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_allergies.patient_id AND p.tenant_id = current_tenant_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_allergies.patient_id AND p.tenant_id = current_tenant_id()));
ALTER POLICY tenant_isolation ON patient_medications
  USING (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_medications.patient_id AND p.tenant_id = current_tenant_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_medications.patient_id AND p.tenant_id = current_tenant_id()));
ALTER POLICY tenant_isolation ON patient_conditions
  USING (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_conditions.patient_id AND p.tenant_id = current_tenant_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_conditions.patient_id AND p.tenant_id = current_tenant_id()));

ALTER TABLE patient_personal DROP CONSTRAINT IF EXISTS patient_personal_patient_tenant_fkey,
  DROP CONSTRAINT IF EXISTS patient_personal_tenant_id_present;
DROP TRIGGER IF EXISTS patient_personal_tenant_id ON patient_personal;
ALTER TABLE patient_personal DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE patient_contacts DROP CONSTRAINT IF EXISTS patient_contacts_patient_tenant_fkey,
  DROP CONSTRAINT IF EXISTS patient_contacts_tenant_id_present;
DROP TRIGGER IF EXISTS patient_contacts_tenant_id ON patient_contacts;
ALTER TABLE patient_contacts DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE patient_address DROP CONSTRAINT IF EXISTS patient_address_patient_tenant_fkey,
  DROP CONSTRAINT IF EXISTS patient_address_tenant_id_present;
DROP TRIGGER IF EXISTS patient_address_tenant_id ON patient_address;
ALTER TABLE patient_address DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE patient_family DROP CONSTRAINT IF EXISTS patient_family_patient_tenant_fkey,
  DROP CONSTRAINT IF EXISTS patient_family_tenant_id_present;
DROP TRIGGER IF EXISTS patient_family_tenant_id ON patient_family;
ALTER TABLE patient_family DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE patient_gp DROP CONSTRAINT IF EXISTS patient_gp_patient_tenant_fkey,
  DROP CONSTRAINT IF EXISTS patient_gp_tenant_id_present;
DROP TRIGGER IF EXISTS patient_gp_tenant_id ON patient_gp;
ALTER TABLE patient_gp DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE patient_insurance DROP CONSTRAINT IF EXISTS patient_insurance_patient_tenant_fkey,
  DROP CONSTRAINT IF EXISTS patient_insurance_tenant_id_present;
DROP TRIGGER IF EXISTS patient_insurance_tenant_id ON patient_insurance;
ALTER TABLE patient_insurance DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE patient_allergies DROP CONSTRAINT IF EXISTS patient_allergies_patient_tenant_fkey,
  DROP CONSTRAINT IF EXISTS patient_allergies_tenant_id_present;
DROP TRIGGER IF EXISTS patient_allergies_tenant_id ON patient_allergies;
ALTER TABLE patient_allergies DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE patient_medications DROP CONSTRAINT IF EXISTS patient_medications_patient_tenant_fkey,
  DROP CONSTRAINT IF EXISTS patient_medications_tenant_id_present;
DROP TRIGGER IF EXISTS patient_medications_tenant_id ON patient_medications;
ALTER TABLE patient_medications DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE patient_conditions DROP CONSTRAINT IF EXISTS patient_conditions_patient_tenant_fkey,
  DROP CONSTRAINT IF EXISTS patient_conditions_tenant_id_present;
DROP TRIGGER IF EXISTS patient_conditions_tenant_id ON patient_conditions;
ALTER TABLE patient_conditions DROP COLUMN IF EXISTS tenant_id;

DROP FUNCTION IF EXISTS patient_child_tenant_id();
DROP INDEX IF EXISTS patient_core_id_tenant_uq;
