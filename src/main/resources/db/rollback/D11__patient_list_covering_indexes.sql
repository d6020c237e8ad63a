-- Down from version 11 to 10: undoes V11__patient_list_covering_indexes. Run by dev.normalizer.migration.Rollback, in
-- the same transaction as the other down scripts and the history update, hence plain DROP INDEX and CREATE INDEX:
-- each index gets its definition of version 10 back, without the INCLUDEd columns. Nothing is lost, but each build
-- holds a SHARE lock on patient_core, so writes to it wait meanwhile: 1.7 s for the five at 200,000 patients,
-- roughly five times that at a million (docs/dba.md). It also drops what an unfinished V11 left (IF EXISTS).
ALTER TABLE patient_core RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor);

DROP INDEX IF EXISTS patient_core_tenant_id_v11_idx, patient_core_tenant_surname_key_v11_idx,
  patient_core_tenant_first_name_v11_idx, patient_core_tenant_dob_v11_idx, patient_core_tenant_mrn_v11_idx;
DROP INDEX IF EXISTS patient_core_tenant_id_idx, patient_core_tenant_surname_key_idx,
  patient_core_tenant_first_name_idx, patient_core_tenant_dob_idx, patient_core_tenant_mrn_idx;

CREATE INDEX patient_core_tenant_id_idx ON patient_core (tenant_id, id);
CREATE INDEX patient_core_tenant_surname_key_idx ON patient_core (tenant_id, surname_key, id);
CREATE INDEX patient_core_tenant_first_name_idx ON patient_core (tenant_id, first_name, id);
CREATE INDEX patient_core_tenant_dob_idx ON patient_core (tenant_id, date_of_birth, id);
CREATE INDEX patient_core_tenant_mrn_idx ON patient_core (tenant_id, mrn, id);
