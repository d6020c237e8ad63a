-- Down from an unfinished V2 to 1: the expand was stopped (or crashed) before its cutover, so the legacy table
-- `patients` is still the source of truth, live and complete, and the normalized tables hold a partial copy of it.
-- Run by dev.normalizer.migration.Rollback, in one transaction, instead of D2__normalize_patients.sql, whether or
-- not Flyway recorded V2 as failed.
--
-- The sync triggers go first, so that the legacy application's writes stop reaching the tables that go next. No row
-- of `patients` is touched: its definition, its sequence and its data are as the legacy application left them.

DROP TRIGGER patients_sync_insert ON patients;
DROP TRIGGER patients_sync_update ON patients;
DROP TRIGGER patients_sync_delete ON patients;
DROP FUNCTION patients_sync_write();
DROP FUNCTION patients_sync_delete();
DROP FUNCTION delete_patients(bigint[]);

WITH dropped AS (SELECT count(*) AS n FROM patient_core)
SELECT 'patient_core: partial copy dropped, patients untouched' AS restored_table, n AS rows FROM dropped;

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
DROP TABLE patient_core;
