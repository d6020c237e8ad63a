-- Down from version 9 to 8: undoes V9__tenant_row_security. Run by dev.normalizer.migration.Rollback, in the same
-- transaction as the other down scripts and the history update.
--
-- No data is lost, so this never refuses. Besides the policies, it takes back what V9 granted the service's role
-- (the role that V9's default privileges name; a down script has no placeholders): version 8 keeps tenants apart
-- only in the service's queries, and a service of that version is meant to connect as the owner. Stop every
-- service of version 9 first: once its role has lost its rights, each of its requests fails.

DO $$
DECLARE
  t regclass;
  app text;
  s text := current_schema();
BEGIN
  FOR t IN SELECT polrelid::regclass FROM pg_policy WHERE polname = 'tenant_isolation' LOOP
    EXECUTE format('DROP POLICY tenant_isolation ON %s', t);
    EXECUTE format('ALTER TABLE %s DISABLE ROW LEVEL SECURITY', t);
  END LOOP;
  FOR app IN
    SELECT DISTINCT r.rolname FROM pg_default_acl d CROSS JOIN aclexplode(d.defaclacl) a
    JOIN pg_roles r ON r.oid = a.grantee
    WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
      AND d.defaclnamespace = s::regnamespace
  LOOP
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON TABLES FROM %I', s, app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON SEQUENCES FROM %I', s, app);
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', s, app);
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I', s, app);
    EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM %I', s, app);
  END LOOP;
END $$;

ALTER VIEW v_patients_legacy RESET (security_invoker);
ALTER VIEW customer_email_duplicates RESET (security_invoker);
ALTER FUNCTION audit_events_chain() SECURITY INVOKER RESET search_path;
GRANT EXECUTE ON FUNCTION audit_purge(text, timestamptz, text), audit_chain_breaks() TO PUBLIC;
DROP FUNCTION current_tenant_id();
