-- V11: the patient lists count their matches from the index alone (issue 19).
--
-- A list page comes with its total: a count of every patient of the tenant that the filter matches and that is
-- served. The indexes of V2 and V10 find those rows, but the count then read each one in the table, to check the
-- served condition (erased_at IS NULL, or NOT gdpr_restricted when restricted records are hidden): about 12,000
-- rows on 4,882 table blocks, 114 ms, for a common surname at a million patients (docs/benchmarks.md). Each index
-- the lists use is rebuilt with those two columns INCLUDEd, so that the count and the page's ids become index-only
-- scans, for the service's role under row-level security too: the policy compares tenant_id, the first key column.
-- The key columns stay as they were, so every query the old index served, this one serves.
--
-- Each index keeps its name (the integrity check "indexes-and-foreign-keys" and the DBA know them by it): the new
-- one is built concurrently under a name of its own, the old one dropped concurrently, and the new one renamed,
-- which locks only the index (SHARE UPDATE EXCLUSIVE, PostgreSQL 12+). patient_core_tenant_surname_idx of V2
-- (lower(surname)) is not one of them: the service no longer uses it (V10), but the legacy application's queries
-- on the view may, so it stays.
--
-- Hence no transaction around the script (V11__patient_list_covering_indexes.sql.conf), under Flyway's session lock
-- (dev.normalizer.migration.FlywayLocking), like V5 and V10. Every step can run again: a failed or cancelled build
-- leaves an INVALID index under the new name, which the next run drops first (after `repair`); a run that failed
-- after some renames builds those indexes once more, which costs time but nothing else.
--
-- The visibility map. An index-only scan reads the table after all for each row on a page that is not marked
-- all-visible, that is a page written since the last vacuum. With autovacuum's defaults patient_core is vacuumed
-- after 20 % of its rows were updated or deleted (autovacuum_vacuum_scale_factor 0.2) or 20 % inserted
-- (autovacuum_vacuum_insert_scale_factor 0.2): at a million patients, 200,000 writes, by which time most pages may
-- be unmarked and a count reads the table again. At 1 % it is vacuumed after about 10,000 (plus the thresholds, 50
-- and 1,000). A vacuum reads only the pages written since the last one (the map lets it skip the others), so
-- vacuuming the same writes more often costs little more in all; its pass over the indexes is skipped when dead
-- rows sit on fewer than 2 % of the pages (PostgreSQL 14+), and autovacuum_naptime (1 min) bounds how often it
-- comes. Set on this table only: it is the one the lists count on.
--
-- That ALTER TABLE takes SHARE UPDATE EXCLUSIVE, which no read or write of the legacy application or the service
-- conflicts with: it waits only behind other schema changes, index builds, VACUUM and ANALYZE, and nothing of the
-- applications queues behind it. 2 s is longer than deadlock_timeout (1 s), after which PostgreSQL cancels an
-- autovacuum worker that holds the table, and short enough that a migration behind a DBA's long VACUUM fails
-- soon; it runs first, before any build, so such a failure costs nothing: `repair`, then migrate again.
SET lock_timeout = '2s';
ALTER TABLE patient_core SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
RESET lock_timeout;

-- The concurrent builds run without lock_timeout (as in V5): a build waits for every transaction older than itself
-- and would fail on one older than the timeout. The renames lock only the index, for a moment.
-- squawk (prefer-robust-stmts), each statement safe to run again: no IF NOT EXISTS on a build, since an index of
-- that name may be the INVALID one of a failed build, dropped just above instead; and setting the autovacuum
-- parameters again sets the same values.
-- squawk-ignore-file prefer-robust-stmts

-- The unfiltered list (tenant only).
DROP INDEX CONCURRENTLY IF EXISTS patient_core_tenant_id_v11_idx;
CREATE INDEX CONCURRENTLY patient_core_tenant_id_v11_idx ON patient_core (tenant_id, id)
  INCLUDE (erased_at, gdpr_restricted);
DROP INDEX CONCURRENTLY IF EXISTS patient_core_tenant_id_idx;
ALTER INDEX patient_core_tenant_id_v11_idx RENAME TO patient_core_tenant_id_idx;

-- surname (surname_key, V10)
DROP INDEX CONCURRENTLY IF EXISTS patient_core_tenant_surname_key_v11_idx;
CREATE INDEX CONCURRENTLY patient_core_tenant_surname_key_v11_idx ON patient_core (tenant_id, surname_key, id)
  INCLUDE (erased_at, gdpr_restricted);
DROP INDEX CONCURRENTLY IF EXISTS patient_core_tenant_surname_key_idx;
ALTER INDEX patient_core_tenant_surname_key_v11_idx RENAME TO patient_core_tenant_surname_key_idx;

-- firstName
DROP INDEX CONCURRENTLY IF EXISTS patient_core_tenant_first_name_v11_idx;
CREATE INDEX CONCURRENTLY patient_core_tenant_first_name_v11_idx ON patient_core (tenant_id, first_name, id)
  INCLUDE (erased_at, gdpr_restricted);
DROP INDEX CONCURRENTLY IF EXISTS patient_core_tenant_first_name_idx;
ALTER INDEX patient_core_tenant_first_name_v11_idx RENAME TO patient_core_tenant_first_name_idx;

-- dateOfBirth
DROP INDEX CONCURRENTLY IF EXISTS patient_core_tenant_dob_v11_idx;
CREATE INDEX CONCURRENTLY patient_core_tenant_dob_v11_idx ON patient_core (tenant_id, date_of_birth, id)
  INCLUDE (erased_at, gdpr_restricted);
DROP INDEX CONCURRENTLY IF EXISTS patient_core_tenant_dob_idx;
ALTER INDEX patient_core_tenant_dob_v11_idx RENAME TO patient_core_tenant_dob_idx;

-- mrn
DROP INDEX CONCURRENTLY IF EXISTS patient_core_tenant_mrn_v11_idx;
CREATE INDEX CONCURRENTLY patient_core_tenant_mrn_v11_idx ON patient_core (tenant_id, mrn, id)
  INCLUDE (erased_at, gdpr_restricted);
DROP INDEX CONCURRENTLY IF EXISTS patient_core_tenant_mrn_idx;
ALTER INDEX patient_core_tenant_mrn_v11_idx RENAME TO patient_core_tenant_mrn_idx;
