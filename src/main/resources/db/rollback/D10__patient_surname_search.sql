-- Down from version 10 to 9: undoes V10__patient_surname_search. Run by dev.normalizer.migration.Rollback, in the
-- same transaction as the other down scripts and the history update. surname_key only repeats lower(surname), so
-- nothing is lost; the list's surname filter of version 9 compares lower(surname) again.
DROP INDEX IF EXISTS patient_core_tenant_surname_key_idx;
DROP TRIGGER IF EXISTS patient_core_surname_key ON patient_core;
DROP FUNCTION IF EXISTS patient_core_surname_key();
ALTER TABLE patient_core DROP COLUMN IF EXISTS surname_key;
