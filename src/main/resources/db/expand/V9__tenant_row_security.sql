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
CREATE FUNCTION current_tenant_id() RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT nullif(current_setting('app.tenant_id', true), '')::integer
$$;

DO $$
DECLARE
  t text;
  child record;
  parent_in_tenant text;
BEGIN
  FOREACH t IN ARRAY ARRAY['clinics', 'companies', 'users', 'orders', 'reservations', 'patients_flat',
                           'patient_core', 'customers', 'audit_events', 'data_subject_requests'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
  FOR child IN SELECT * FROM (VALUES
      ('patient_personal', 'patient_id', 'patient_core'), ('patient_contacts', 'patient_id', 'patient_core'),
      ('patient_address', 'patient_id', 'patient_core'), ('patient_family', 'patient_id', 'patient_core'),
      ('patient_gp', 'patient_id', 'patient_core'), ('patient_insurance', 'patient_id', 'patient_core'),
      ('patient_allergies', 'patient_id', 'patient_core'), ('patient_medications', 'patient_id', 'patient_core'),
      ('patient_conditions', 'patient_id', 'patient_core'), ('customer_profiles', 'customer_id', 'customers'),
      ('customer_sessions', 'customer_id', 'customers'), ('customer_clinics', 'customer_id', 'customers'),
      ('addresses', 'company_id', 'companies')) AS c(tbl, fk, parent) LOOP
    parent_in_tenant := format('EXISTS (SELECT 1 FROM %I p WHERE p.id = %I.%I AND p.tenant_id = current_tenant_id())',
                               child.parent, child.tbl, child.fk);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', child.tbl);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (%s) WITH CHECK (%s)', child.tbl, parent_in_tenant,
                   parent_in_tenant);
  END LOOP;
END $$;

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants USING (id = current_tenant_id());

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
