-- V4, first unit (one short transaction under lock_timeout, run by db.migration.V4__customers_under_companies):
-- the new columns and tables, the Default Company of each tenant, and the triggers that put the legacy
-- application's new customers under a company from now on. Every statement can run again (a restart).
--
-- * Each tenant gets one "Default Company" (and every new tenant gets one too); orphan customers go there, in
--   `customers` and, to keep both read paths equal, in the legacy `users.company_id` of those customers.
-- * (tenant, company, lower(email)) will be unique for new customers. Legacy duplicates are all kept: every one but
--   the first carries `legacy_duplicate_of`, and the view `customer_email_duplicates` reports them.
-- Locks, each for the milliseconds of this transaction: ACCESS EXCLUSIVE on companies and customers (ADD COLUMN,
-- instant: a constant default), SHARE ROW EXCLUSIVE on tenants, users and customers (CREATE TRIGGER).
--
-- squawk: new columns keep the types of the legacy columns they mirror (varchar(n), char(n), timestamp without
-- time zone), so that both read paths give consumers the same values and types; a type change is a step of its own.
-- squawk-ignore-file prefer-text-field, ban-char-field, prefer-timestamp-tz

ALTER TABLE companies ADD COLUMN IF NOT EXISTS is_default boolean NOT NULL DEFAULT false;
ALTER TABLE customers ADD COLUMN IF NOT EXISTS legacy_duplicate_of bigint;

CREATE OR REPLACE FUNCTION create_default_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO companies (tenant_id, name, is_default) VALUES (NEW.id, 'Default Company', true);
  RETURN NULL;
END $$;
-- Before the INSERT below: from here on no tenant can be inserted without its Default Company.
CREATE OR REPLACE TRIGGER tenants_default_company AFTER INSERT ON tenants
  FOR EACH ROW EXECUTE FUNCTION create_default_company();

INSERT INTO companies (tenant_id, name, is_default)
SELECT t.id, 'Default Company', true FROM tenants t
WHERE NOT EXISTS (SELECT 1 FROM companies d WHERE d.tenant_id = t.id AND d.is_default);

-- A customer that the legacy application writes without a company goes to the tenant's Default Company, in users
-- as in customers (V3's sync trigger copies users.company_id), as the backfill does for the older orphans.
CREATE OR REPLACE FUNCTION put_customer_in_default_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.is_customer AND NEW.company_id IS NULL THEN
    SELECT d.id INTO NEW.company_id FROM companies d WHERE d.tenant_id = NEW.tenant_id AND d.is_default;
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER users_customer_default_company
  BEFORE INSERT OR UPDATE OF company_id, is_customer, tenant_id ON users
  FOR EACH ROW EXECUTE FUNCTION put_customer_in_default_company();

-- A customer written through users (by the sync trigger, so at trigger depth 2) whose e-mail is taken in its
-- tenant and company is kept as a legacy duplicate of the first, as the backfill marks the older ones: the legacy
-- application's INSERT or UPDATE does not fail. The service's own writes (depth 1) are not marked: for them the
-- unique index answers 409.
CREATE OR REPLACE FUNCTION mark_legacy_duplicate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN
    NEW.legacy_duplicate_of := (SELECT min(c.id) FROM customers c
                                WHERE c.tenant_id = NEW.tenant_id AND c.company_id = NEW.company_id
                                  AND lower(c.email) = lower(NEW.email) AND c.legacy_duplicate_of IS NULL
                                  AND c.id <> NEW.id);
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER customers_legacy_duplicate BEFORE INSERT OR UPDATE OF tenant_id, company_id, email
  ON customers FOR EACH ROW EXECUTE FUNCTION mark_legacy_duplicate();

-- When the first of a group of duplicates goes (a legacy DELETE FROM users), the next one becomes the first.
CREATE OR REPLACE FUNCTION release_legacy_duplicates() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_first bigint;
BEGIN
  SELECT min(id) INTO next_first FROM customers WHERE legacy_duplicate_of = OLD.id;
  IF next_first IS NOT NULL THEN
    UPDATE customers SET legacy_duplicate_of = NULL WHERE id = next_first;
    UPDATE customers SET legacy_duplicate_of = next_first WHERE legacy_duplicate_of = OLD.id;
  END IF;
  RETURN OLD;
END $$;
CREATE OR REPLACE TRIGGER customers_release_legacy_duplicates BEFORE DELETE ON customers
  FOR EACH ROW EXECUTE FUNCTION release_legacy_duplicates();

CREATE TABLE IF NOT EXISTS addresses (
  id         bigserial PRIMARY KEY,
  company_id integer NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  kind       varchar(12) NOT NULL DEFAULT 'billing' CHECK (kind IN ('billing', 'shipping', 'registered')),
  line1      varchar(200) NOT NULL,
  line2      varchar(200),
  city       varchar(100) NOT NULL,
  postcode   varchar(12),
  country    char(2) NOT NULL,
  created_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS addresses_company_idx ON addresses (company_id);

COMMENT ON COLUMN customers.legacy_duplicate_of IS 'Set on legacy customers whose e-mail repeats another of the same tenant and company; kept, not merged.';
