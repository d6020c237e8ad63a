-- V9: tenant row-level security (expand step).
--
-- The service connects as its own role (${app_role}, the placeholder app_role: QUARKUS_DATASOURCE_USERNAME), which
-- owns nothing and does not bypass row-level security. Flyway, the command line and the background jobs connect
-- as the owner of these tables (QUARKUS_FLYWAY_USERNAME), which RLS does not bind, because they must see every
-- tenant. Every transaction of an /api request sets app.tenant_id (set_config(..., true)) to the caller's tenant.
--
-- * Every table with a tenant_id, and tenants itself, shows and accepts only rows of the transaction's tenant.
--   With no tenant set there are no rows at all: a query that forgets its tenant filter finds nothing of
--   another tenant's, and one that runs outside a request finds nothing.
-- * The child tables (patient_*, customer_*, addresses) have no tenant_id; their rows belong to the tenant of
--   their parent row, so that a query on patient_contacts without a join is scoped too.
-- * Views run with their owner's rights, which would bypass RLS: they become security_invoker (PostgreSQL 15+).
-- * The audit chain trigger reads the newest row of a chain, which spans tenants: it runs as the owner.
--   audit_purge and audit_chain_breaks read whole chains and are for the owner only.
-- * The service's role gets SELECT, INSERT, UPDATE and DELETE on the tables (only SELECT and INSERT on the audit
--   trail, only SELECT on tenants, nothing on Flyway's history and the audit configuration), USAGE on the
--   sequences, and the same by default on tables the owner creates later.
-- Enabling row-level security and creating a policy lock each table ACCESS EXCLUSIVE. db.migration.V9 runs this
-- script under ShortLocks: every lock is waited for at most 500 ms, and on a timeout the whole script is rolled back
-- and tried again after a pause, so that no read or write queues behind it for long.

DO $$
DECLARE
  app text := '${app_role}';
  r pg_roles;
BEGIN
  SELECT * INTO r FROM pg_roles WHERE rolname = app;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'V9: the service''s database role "%" does not exist. Create it first (README, Tenant '
      'isolation): CREATE ROLE % LOGIN PASSWORD ''...'' NOSUPERUSER NOBYPASSRLS', app, app;
  END IF;
  IF app = current_user OR r.rolsuper OR r.rolbypassrls THEN
    RAISE EXCEPTION 'V9: the service''s database role "%" would bypass row-level security (it is %). Give the '
      'service a role of its own (NOSUPERUSER NOBYPASSRLS, owning nothing) in QUARKUS_DATASOURCE_USERNAME, and '
      'migrate as the owner with QUARKUS_FLYWAY_USERNAME (README, Tenant isolation)', app,
      CASE WHEN app = current_user THEN 'the role that migrates and owns the tables'
           WHEN r.rolsuper THEN 'a superuser' ELSE 'BYPASSRLS' END;
  END IF;
END $$;

-- The transaction's tenant, or NULL when none is set ('' once a transaction-local setting has ended). A plain
-- SQL function, so that the planner inlines it and the (tenant_id, ...) indexes still serve.
CREATE OR REPLACE FUNCTION current_tenant_id() RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT nullif(current_setting('app.tenant_id', true), '')::integer
$$;

-- Row-level security and its policy on one table (again, if it ran before). Each call below is a transaction of its
-- own: it locks only its table, for milliseconds, so that it never holds one table's lock while it waits for another's
-- (a lock order that the legacy workload's statements, which lock several tables each, would deadlock with).
CREATE OR REPLACE FUNCTION tenant_isolation(tbl regclass, condition text, with_check boolean) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (%s)', tbl, condition)
          || CASE WHEN with_check THEN format(' WITH CHECK (%s)', condition) ELSE '' END;
END $$;

-- ShortLocks: commit
SELECT tenant_isolation('clinics', 'tenant_id = current_tenant_id()', true);
-- ShortLocks: commit
SELECT tenant_isolation('companies', 'tenant_id = current_tenant_id()', true);
-- ShortLocks: commit
SELECT tenant_isolation('users', 'tenant_id = current_tenant_id()', true);
-- ShortLocks: commit
SELECT tenant_isolation('orders', 'tenant_id = current_tenant_id()', true);
-- ShortLocks: commit
SELECT tenant_isolation('reservations', 'tenant_id = current_tenant_id()', true);
-- ShortLocks: commit
SELECT tenant_isolation('patients_flat', 'tenant_id = current_tenant_id()', true);
-- ShortLocks: commit
SELECT tenant_isolation('patient_core', 'tenant_id = current_tenant_id()', true);
-- ShortLocks: commit
SELECT tenant_isolation('customers', 'tenant_id = current_tenant_id()', true);
-- ShortLocks: commit
SELECT tenant_isolation('audit_events', 'tenant_id = current_tenant_id()', true);
-- ShortLocks: commit
SELECT tenant_isolation('data_subject_requests', 'tenant_id = current_tenant_id()', true);
-- ShortLocks: commit
SELECT tenant_isolation('patient_personal', 'EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_personal.patient_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('patient_contacts', 'EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_contacts.patient_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('patient_address', 'EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_address.patient_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('patient_family', 'EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_family.patient_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('patient_gp', 'EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_gp.patient_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('patient_insurance', 'EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_insurance.patient_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('patient_allergies', 'EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_allergies.patient_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('patient_medications', 'EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_medications.patient_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('patient_conditions', 'EXISTS (SELECT 1 FROM patient_core p WHERE p.id = patient_conditions.patient_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('customer_profiles', 'EXISTS (SELECT 1 FROM customers p WHERE p.id = customer_profiles.customer_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('customer_sessions', 'EXISTS (SELECT 1 FROM customers p WHERE p.id = customer_sessions.customer_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('customer_clinics', 'EXISTS (SELECT 1 FROM customers p WHERE p.id = customer_clinics.customer_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('addresses', 'EXISTS (SELECT 1 FROM companies p WHERE p.id = addresses.company_id AND p.tenant_id = current_tenant_id())', true);
-- ShortLocks: commit
SELECT tenant_isolation('tenants', 'id = current_tenant_id()', false);
-- ShortLocks: commit
DROP FUNCTION tenant_isolation(regclass, text, boolean);

ALTER VIEW v_patients_legacy SET (security_invoker = true);
ALTER VIEW customer_email_duplicates SET (security_invoker = true);

DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION audit_events_chain() SECURITY DEFINER SET search_path = %I, pg_temp',
                 current_schema());
END $$;
REVOKE EXECUTE ON FUNCTION audit_purge(text, timestamptz, text), audit_chain_breaks() FROM PUBLIC;

DO $$
DECLARE
  app text := '${app_role}';
  s text := current_schema();
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, app);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', s, app);
  EXECUTE format('REVOKE ALL ON audit_checkpoints, audit_retention, audit_events, tenants FROM %I', app);
  -- Absent only in the command line's dry run, which rehearses the scripts without Flyway.
  IF to_regclass('flyway_schema_history') IS NOT NULL THEN
    EXECUTE format('REVOKE ALL ON flyway_schema_history FROM %I', app);
  END IF;
  EXECUTE format('GRANT SELECT, INSERT ON audit_events TO %I', app);
  EXECUTE format('GRANT SELECT ON tenants TO %I', app);
  EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %I', s, app);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', s, app);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON SEQUENCES TO %I', s, app);
END $$;

COMMENT ON FUNCTION current_tenant_id() IS 'The tenant of the transaction (app.tenant_id), which the row-level security policies compare with; NULL when none is set.';
