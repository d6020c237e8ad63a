-- V8: GDPR data-subject requests (expand step).
--
-- * data_subject_requests records each request a DPO or admin handled: its type, the subject (patient or
--   customer, by id and public id), whether it was completed or refused and why, when, by whom, and for which
--   request. It never holds the subject's personal data: a rectification lists the fields it changed, not values.
-- * customers.gdpr_restricted marks a customer whose processing is restricted (patients have had the column
--   since the legacy table). Restricted records are not served to ordinary reads on either path.
-- * erased_at on patient_core and customers marks the tombstone that an erasure leaves: the row keeps its ids
--   (so orders, reservations and the audit trail still point somewhere) and nothing else of the person.
-- Adding a column with a constant default or none rewrites no rows (PostgreSQL 11+), so this is quick on large
-- tables; but it needs an ACCESS EXCLUSIVE lock on customers and patient_core (and the new foreign key a SHARE ROW
-- EXCLUSIVE one on tenants), which it waits for at most 500 ms: db.migration.V8 runs this script
-- under ShortLocks, which rolls it back and tries again after a pause when a lock is not granted in time.
-- The kinds and the public id are text with a CHECK rather than varchar(n), whose limit only an ACCESS EXCLUSIVE
-- lock could change.


CREATE TABLE IF NOT EXISTS data_subject_requests (
  id                bigserial PRIMARY KEY,
  tenant_id         integer NOT NULL REFERENCES tenants(id),
  request_type      text NOT NULL
                    CHECK (request_type IN ('access', 'rectification', 'erasure', 'restriction', 'restriction_lifted')),
  subject_type      text NOT NULL CHECK (subject_type IN ('patient', 'customer')),
  subject_id        bigint NOT NULL,
  subject_public_id text NOT NULL CHECK (length(subject_public_id) <= 40),
  status            text NOT NULL CHECK (status IN ('completed', 'refused')),
  detail            text CHECK (length(detail) <= 2000),
  received_at       timestamptz NOT NULL,
  completed_at      timestamptz NOT NULL,
  handled_by        text NOT NULL CHECK (length(handled_by) BETWEEN 1 AND 200),
  request_id        text CHECK (length(request_id) <= 200),
  CONSTRAINT data_subject_requests_completed_after_received CHECK (completed_at >= received_at)
);
CREATE INDEX IF NOT EXISTS data_subject_requests_subject_idx ON data_subject_requests (tenant_id, subject_type, subject_id);

-- One table per transaction (ShortLocks units), so that the migration never holds one table's lock while it waits
-- for another's, which the legacy application's statements (that lock both, through the sync triggers) would make
-- it wait for in vain. Each unit can run again.
-- ShortLocks: commit
ALTER TABLE customers ADD COLUMN IF NOT EXISTS gdpr_restricted boolean NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS erased_at timestamptz;
COMMENT ON COLUMN customers.gdpr_restricted IS 'Processing restricted (GDPR art. 18): not served to ordinary reads.';
COMMENT ON COLUMN customers.erased_at IS 'Set when an erasure request removed the personal data; the row is a tombstone.';
-- ShortLocks: commit
ALTER TABLE patient_core ADD COLUMN IF NOT EXISTS erased_at timestamptz;
COMMENT ON COLUMN patient_core.erased_at IS 'Set when an erasure request removed the personal data; the row is a tombstone.';
-- ShortLocks: commit

COMMENT ON TABLE data_subject_requests IS 'GDPR data-subject requests and how they were handled; holds no personal data of the subject.';
