-- Down from version 7 to 6: undoes V7__audit_trail. Run by dev.normalizer.migration.Rollback, in the same
-- transaction as the other down scripts and the history update.
--
-- Audit records must be kept for their retention period, so this refuses, changing nothing, while the trail
-- holds any event or checkpoint: take a backup and keep it before removing the audit trail by hand.

LOCK TABLE audit_events, audit_checkpoints, audit_retention IN EXCLUSIVE MODE;

DO $$
DECLARE
  events bigint;
  checkpoints bigint;
BEGIN
  SELECT count(*) INTO events FROM audit_events;
  SELECT count(*) INTO checkpoints FROM audit_checkpoints;
  IF events > 0 OR checkpoints > 0 THEN
    RAISE EXCEPTION 'rollback of V7 (audit trail) refused, nothing changed: % audit event(s) and % purge '
      'checkpoint(s) would be lost; audit records must be kept for their retention period', events, checkpoints;
  END IF;
END $$;

DROP FUNCTION audit_chain_breaks();
DROP FUNCTION audit_purge(text, timestamptz, text);
DROP FUNCTION audit_canonical(audit_events);
DROP FUNCTION audit_chain_start(text);
DROP TABLE audit_events, audit_checkpoints, audit_retention;
DROP FUNCTION audit_events_chain();
DROP FUNCTION audit_append_only();
