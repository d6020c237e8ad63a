-- V12, last part (run by db.migration.V12__patient_child_tenant_ids once every child row has its tenant_id, the
-- foreign keys to patient_core (id, tenant_id) are validated and tenant_id is NOT NULL): the patient child tables'
-- policies compare the row's own tenant_id, as the tables with a tenant_id of V9 do, instead of V9's
-- EXISTS (SELECT 1 FROM patient_core p WHERE p.id = <table>.patient_id AND p.tenant_id = current_tenant_id()),
-- which looked the patient up again for every child row read (docs/benchmarks.md, issue 19).
--
-- The WITH CHECK still refuses a row for another tenant's patient: the trigger <table>_tenant_id sets tenant_id from
-- the patient as the writer sees it (for the service's role, a patient of another tenant is not there, so tenant_id
-- is NULL and the check fails), and the foreign key (patient_id, tenant_id) refuses any tenant_id that is not the
-- patient's. So a row that passes `tenant_id = current_tenant_id()` belongs to a patient of the current tenant,
-- exactly what V9's condition asked.
--
-- ALTER POLICY locks its table ACCESS EXCLUSIVE: one table per transaction (unit), each under ShortLocks' 500 ms
-- lock_timeout, retried, as V9 does. Each unit can run again.

ALTER POLICY tenant_isolation ON patient_personal
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- ShortLocks: commit
ALTER POLICY tenant_isolation ON patient_contacts
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- ShortLocks: commit
ALTER POLICY tenant_isolation ON patient_address
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- ShortLocks: commit
ALTER POLICY tenant_isolation ON patient_family
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- ShortLocks: commit
ALTER POLICY tenant_isolation ON patient_gp
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- ShortLocks: commit
ALTER POLICY tenant_isolation ON patient_insurance
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- ShortLocks: commit
ALTER POLICY tenant_isolation ON patient_allergies
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- ShortLocks: commit
ALTER POLICY tenant_isolation ON patient_medications
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- ShortLocks: commit
ALTER POLICY tenant_isolation ON patient_conditions
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
