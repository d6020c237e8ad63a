-- V3, first unit (one short transaction under lock_timeout, run by db.migration.V3__separate_customers): the new
-- customer tables, empty, and the triggers that keep them in step with the legacy application's writes to users.
-- The triggers exist before the backfill starts, so that a row the legacy application writes meanwhile is never
-- missed; the backfill only adds rows that are still missing. Every statement can run again (a restart).
--
-- * `customers` holds authentication and account data of every `users` row with is_customer, under the same id.
-- * `customer_profiles` holds their profile, one row per customer.
-- * `customer_sessions` holds login sessions; only a SHA-256 hash of each token is stored.
-- * `customer_clinics` links customers to the clinics they used: the home clinic and those of orders and
--   reservations.
-- Staff rows (is_customer = false) are not touched. The legacy customer columns stay in `users`; the service keeps
-- them in step with the new tables until the contract step removes them.
-- Locks: SHARE ROW EXCLUSIVE on users (CREATE TRIGGER), for the few milliseconds of this transaction.
--
-- squawk: new columns keep the types of the legacy columns they mirror (varchar(n), char(n), timestamp without
-- time zone), so that both read paths give consumers the same values and types; a type change is a step of its own.
-- squawk-ignore-file prefer-text-field, ban-char-field, prefer-timestamp-tz

CREATE TABLE IF NOT EXISTS customers (
  id            bigint PRIMARY KEY DEFAULT nextval('users_id_seq'),
  tenant_id     integer NOT NULL REFERENCES tenants(id),
  email         varchar(255) NOT NULL,
  password_hash varchar(100) NOT NULL,
  role          varchar(20) NOT NULL,
  company_id    integer REFERENCES companies(id),
  last_login_at timestamp,
  created_at    timestamp NOT NULL DEFAULT now(),
  updated_at    timestamp
);

CREATE TABLE IF NOT EXISTS customer_profiles (
  customer_id          bigint PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
  first_name           varchar(100),
  last_name            varchar(100),
  phone                varchar(30),
  age                  integer,
  sex                  varchar(10),
  medical_conditions   text,
  city                 varchar(100),
  dietary_restrictions text,
  preferences          jsonb,
  notes                text
);

CREATE TABLE IF NOT EXISTS customer_sessions (
  id          bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  token_hash  char(64) NOT NULL UNIQUE,
  created_at  timestamp NOT NULL DEFAULT now(),
  expires_at  timestamp NOT NULL,
  CONSTRAINT customer_sessions_expire_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX IF NOT EXISTS customer_sessions_customer_idx ON customer_sessions (customer_id);
CREATE INDEX IF NOT EXISTS customer_sessions_expires_idx ON customer_sessions (expires_at);

CREATE TABLE IF NOT EXISTS customer_clinics (
  customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  clinic_id   integer NOT NULL REFERENCES clinics(id),
  is_home     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (customer_id, clinic_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS customer_clinics_one_home_uq ON customer_clinics (customer_id) WHERE is_home;
CREATE INDEX IF NOT EXISTS customer_clinics_clinic_idx ON customer_clinics (clinic_id);

-- Makes clinic_id the customer's one home clinic (NULL: none). The former home stays a plain link while an order or
-- reservation is behind it, as the backfill of V3 would have made it.
CREATE OR REPLACE FUNCTION set_customer_home_clinic(customer bigint, clinic integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE customer_clinics SET is_home = false
  WHERE customer_id = customer AND is_home AND clinic_id IS DISTINCT FROM clinic;
  DELETE FROM customer_clinics cc
  WHERE cc.customer_id = customer AND NOT cc.is_home AND cc.clinic_id IS DISTINCT FROM clinic
    AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = customer AND o.clinic_id = cc.clinic_id)
    AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.user_id = customer AND r.clinic_id = cc.clinic_id);
  IF clinic IS NOT NULL THEN
    INSERT INTO customer_clinics (customer_id, clinic_id, is_home) VALUES (customer, clinic, true)
    ON CONFLICT (customer_id, clinic_id) DO UPDATE SET is_home = true WHERE NOT customer_clinics.is_home;
  END IF;
END $$;

-- The legacy application's writes to customer rows of users, carried into the normalized tables in the same
-- transaction. The service writes the normalized tables first and then mirrors them into users
-- (LegacyCustomerColumns): the rows exist and hold the same values, so every statement below finds nothing to
-- do; nothing writes back into users, so there is no loop.
-- * INSERT (or a staff row becoming a customer, or a row the backfill has not reached yet): the customer, profile
--   and home clinic are created from the users row, unless they exist. The INSERT ... ON CONFLICT waits for a
--   backfill batch that is inserting the same id, so the two never both write it.
-- * UPDATE: only the columns the statement changed (NEW.x IS DISTINCT FROM OLD.x), and only where the normalized
--   value differs, so that a change the service made in the normalized tables is never overwritten with the
--   older value of an untouched users column.
-- * DELETE (or a customer becoming staff): the customer goes, with profile, sessions and clinic links (cascade).
CREATE OR REPLACE FUNCTION sync_customer_from_users() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NOT NEW.is_customer) THEN
    IF OLD.is_customer THEN
      DELETE FROM customers WHERE id = OLD.id;
    END IF;
    RETURN NULL;
  END IF;
  IF NOT NEW.is_customer THEN
    RETURN NULL;
  END IF;

  INSERT INTO customers (id, tenant_id, email, password_hash, role, company_id, last_login_at, created_at, updated_at)
  VALUES (NEW.id, NEW.tenant_id, NEW.email, NEW.password_hash, NEW.role, NEW.company_id, NEW.last_login_at,
          NEW.created_at, NEW.updated_at)
  ON CONFLICT (id) DO NOTHING;
  INSERT INTO customer_profiles (customer_id, first_name, last_name, phone, age, sex, medical_conditions, city,
                                 dietary_restrictions, preferences, notes)
  VALUES (NEW.id, NEW.first_name, NEW.last_name, NEW.phone, NEW.age, NEW.sex, NEW.medical_conditions, NEW.city,
          NEW.dietary_restrictions, NEW.preferences, NEW.notes)
  ON CONFLICT (customer_id) DO NOTHING;
  IF (TG_OP = 'INSERT' OR NOT OLD.is_customer OR NEW.home_clinic_id IS DISTINCT FROM OLD.home_clinic_id)
     AND NEW.home_clinic_id IS DISTINCT FROM
         (SELECT cc.clinic_id FROM customer_clinics cc WHERE cc.customer_id = NEW.id AND cc.is_home) THEN
    PERFORM set_customer_home_clinic(NEW.id, NEW.home_clinic_id);
  END IF;
  IF TG_OP = 'INSERT' OR NOT OLD.is_customer THEN
    RETURN NULL;
  END IF;

  UPDATE customers c SET
    tenant_id     = CASE WHEN NEW.tenant_id     IS DISTINCT FROM OLD.tenant_id     THEN NEW.tenant_id     ELSE c.tenant_id END,
    email         = CASE WHEN NEW.email         IS DISTINCT FROM OLD.email         THEN NEW.email         ELSE c.email END,
    password_hash = CASE WHEN NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN NEW.password_hash ELSE c.password_hash END,
    role          = CASE WHEN NEW.role          IS DISTINCT FROM OLD.role          THEN NEW.role          ELSE c.role END,
    company_id    = CASE WHEN NEW.company_id    IS DISTINCT FROM OLD.company_id    THEN NEW.company_id    ELSE c.company_id END,
    last_login_at = CASE WHEN NEW.last_login_at IS DISTINCT FROM OLD.last_login_at THEN NEW.last_login_at ELSE c.last_login_at END,
    created_at    = CASE WHEN NEW.created_at    IS DISTINCT FROM OLD.created_at    THEN NEW.created_at    ELSE c.created_at END,
    updated_at    = CASE WHEN NEW.updated_at    IS DISTINCT FROM OLD.updated_at    THEN NEW.updated_at    ELSE c.updated_at END
  WHERE c.id = NEW.id
    AND (   (NEW.tenant_id     IS DISTINCT FROM OLD.tenant_id     AND NEW.tenant_id     IS DISTINCT FROM c.tenant_id)
         OR (NEW.email         IS DISTINCT FROM OLD.email         AND NEW.email         IS DISTINCT FROM c.email)
         OR (NEW.password_hash IS DISTINCT FROM OLD.password_hash AND NEW.password_hash IS DISTINCT FROM c.password_hash)
         OR (NEW.role          IS DISTINCT FROM OLD.role          AND NEW.role          IS DISTINCT FROM c.role)
         OR (NEW.company_id    IS DISTINCT FROM OLD.company_id    AND NEW.company_id    IS DISTINCT FROM c.company_id)
         OR (NEW.last_login_at IS DISTINCT FROM OLD.last_login_at AND NEW.last_login_at IS DISTINCT FROM c.last_login_at)
         OR (NEW.created_at    IS DISTINCT FROM OLD.created_at    AND NEW.created_at    IS DISTINCT FROM c.created_at)
         OR (NEW.updated_at    IS DISTINCT FROM OLD.updated_at    AND NEW.updated_at    IS DISTINCT FROM c.updated_at));

  UPDATE customer_profiles p SET
    first_name           = CASE WHEN NEW.first_name           IS DISTINCT FROM OLD.first_name           THEN NEW.first_name           ELSE p.first_name END,
    last_name            = CASE WHEN NEW.last_name            IS DISTINCT FROM OLD.last_name            THEN NEW.last_name            ELSE p.last_name END,
    phone                = CASE WHEN NEW.phone                IS DISTINCT FROM OLD.phone                THEN NEW.phone                ELSE p.phone END,
    age                  = CASE WHEN NEW.age                  IS DISTINCT FROM OLD.age                  THEN NEW.age                  ELSE p.age END,
    sex                  = CASE WHEN NEW.sex                  IS DISTINCT FROM OLD.sex                  THEN NEW.sex                  ELSE p.sex END,
    medical_conditions   = CASE WHEN NEW.medical_conditions   IS DISTINCT FROM OLD.medical_conditions   THEN NEW.medical_conditions   ELSE p.medical_conditions END,
    city                 = CASE WHEN NEW.city                 IS DISTINCT FROM OLD.city                 THEN NEW.city                 ELSE p.city END,
    dietary_restrictions = CASE WHEN NEW.dietary_restrictions IS DISTINCT FROM OLD.dietary_restrictions THEN NEW.dietary_restrictions ELSE p.dietary_restrictions END,
    preferences          = CASE WHEN NEW.preferences          IS DISTINCT FROM OLD.preferences          THEN NEW.preferences          ELSE p.preferences END,
    notes                = CASE WHEN NEW.notes                IS DISTINCT FROM OLD.notes                THEN NEW.notes                ELSE p.notes END
  WHERE p.customer_id = NEW.id
    AND (   (NEW.first_name           IS DISTINCT FROM OLD.first_name           AND NEW.first_name           IS DISTINCT FROM p.first_name)
         OR (NEW.last_name            IS DISTINCT FROM OLD.last_name            AND NEW.last_name            IS DISTINCT FROM p.last_name)
         OR (NEW.phone                IS DISTINCT FROM OLD.phone                AND NEW.phone                IS DISTINCT FROM p.phone)
         OR (NEW.age                  IS DISTINCT FROM OLD.age                  AND NEW.age                  IS DISTINCT FROM p.age)
         OR (NEW.sex                  IS DISTINCT FROM OLD.sex                  AND NEW.sex                  IS DISTINCT FROM p.sex)
         OR (NEW.medical_conditions   IS DISTINCT FROM OLD.medical_conditions   AND NEW.medical_conditions   IS DISTINCT FROM p.medical_conditions)
         OR (NEW.city                 IS DISTINCT FROM OLD.city                 AND NEW.city                 IS DISTINCT FROM p.city)
         OR (NEW.dietary_restrictions IS DISTINCT FROM OLD.dietary_restrictions AND NEW.dietary_restrictions IS DISTINCT FROM p.dietary_restrictions)
         OR (NEW.preferences          IS DISTINCT FROM OLD.preferences          AND NEW.preferences          IS DISTINCT FROM p.preferences)
         OR (NEW.notes                IS DISTINCT FROM OLD.notes                AND NEW.notes                IS DISTINCT FROM p.notes));
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER users_customer_sync AFTER INSERT OR UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION sync_customer_from_users();

COMMENT ON TABLE customers IS 'Customer accounts, split from users (is_customer) under the same ids.';
COMMENT ON COLUMN customer_sessions.token_hash IS 'Hex SHA-256 of the bearer token; the token itself is never stored.';
