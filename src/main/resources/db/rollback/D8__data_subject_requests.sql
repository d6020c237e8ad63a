-- Down from version 8 to 7: undoes V8__data_subject_requests. Run by dev.normalizer.migration.Rollback, in the
-- same transaction as the other down scripts and the history update.
--
-- The request log is evidence that the service answered data subjects, and an older version would serve
-- restricted customers again. So this refuses, changing nothing, while any request was recorded or any customer
-- is restricted or erased.

LOCK TABLE data_subject_requests, customers, patient_core IN EXCLUSIVE MODE;

DO $$
DECLARE
  requests bigint;
  customers_marked bigint;
  patients_erased bigint;
BEGIN
  SELECT count(*) INTO requests FROM data_subject_requests;
  SELECT count(*) INTO customers_marked FROM customers WHERE gdpr_restricted OR erased_at IS NOT NULL;
  SELECT count(*) INTO patients_erased FROM patient_core WHERE erased_at IS NOT NULL;
  IF requests > 0 OR customers_marked > 0 OR patients_erased > 0 THEN
    RAISE EXCEPTION 'rollback of V8 (data-subject requests) refused, nothing changed: % request(s) recorded, % '
      'customer(s) restricted or erased, % patient(s) erased; the request log must be kept', requests,
      customers_marked, patients_erased;
  END IF;
END $$;

ALTER TABLE patient_core DROP COLUMN erased_at;
ALTER TABLE customers DROP COLUMN erased_at;
ALTER TABLE customers DROP COLUMN gdpr_restricted;
DROP TABLE data_subject_requests;
