-- Separates customers from staff (expand step).
--
-- * `customers` holds authentication and account data of every `users` row with is_customer, under the same id.
-- * `customer_profiles` holds their profile, one row per customer.
-- * `customer_sessions` holds login sessions; only a SHA-256 hash of each token is stored.
-- * `customer_clinics` links customers to the clinics they used: the home clinic and those of orders and
--   reservations.
-- * `orders` and `reservations` get `customer_id`, backfilled from `user_id`, which stays. Triggers keep the two
--   equal, so that a legacy writer that only knows `user_id` keeps working.
-- Staff rows (is_customer = false) are not touched. The legacy customer columns stay in `users`; the service
-- keeps them in step with the new tables until the contract step removes them.

CREATE TABLE customers (
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

CREATE TABLE customer_profiles (
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

CREATE TABLE customer_sessions (
  id          bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  token_hash  char(64) NOT NULL UNIQUE,
  created_at  timestamp NOT NULL DEFAULT now(),
  expires_at  timestamp NOT NULL,
  CONSTRAINT customer_sessions_expire_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX customer_sessions_customer_idx ON customer_sessions (customer_id);
CREATE INDEX customer_sessions_expires_idx ON customer_sessions (expires_at);

CREATE TABLE customer_clinics (
  customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  clinic_id   integer NOT NULL REFERENCES clinics(id),
  is_home     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (customer_id, clinic_id)
);
CREATE UNIQUE INDEX customer_clinics_one_home_uq ON customer_clinics (customer_id) WHERE is_home;
CREATE INDEX customer_clinics_clinic_idx ON customer_clinics (clinic_id);

INSERT INTO customers (id, tenant_id, email, password_hash, role, company_id, last_login_at, created_at, updated_at)
SELECT id, tenant_id, email, password_hash, role, company_id, last_login_at, created_at, updated_at
FROM users WHERE is_customer;

INSERT INTO customer_profiles (customer_id, first_name, last_name, phone, age, sex, medical_conditions, city,
                               dietary_restrictions, preferences, notes)
SELECT id, first_name, last_name, phone, age, sex, medical_conditions, city, dietary_restrictions, preferences, notes
FROM users WHERE is_customer;

ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers(id);
ALTER TABLE reservations ADD COLUMN customer_id bigint REFERENCES customers(id);
UPDATE orders o SET customer_id = o.user_id FROM customers c WHERE c.id = o.user_id;
UPDATE reservations r SET customer_id = r.user_id FROM customers c WHERE c.id = r.user_id;
ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE reservations ALTER COLUMN customer_id SET NOT NULL;
CREATE INDEX orders_customer_idx ON orders (customer_id, id);
CREATE INDEX reservations_customer_idx ON reservations (customer_id, id);

INSERT INTO customer_clinics (customer_id, clinic_id, is_home)
SELECT id, home_clinic_id, true FROM users WHERE is_customer AND home_clinic_id IS NOT NULL;
INSERT INTO customer_clinics (customer_id, clinic_id)
SELECT customer_id, clinic_id FROM orders WHERE clinic_id IS NOT NULL
UNION
SELECT customer_id, clinic_id FROM reservations
ON CONFLICT DO NOTHING;

-- While both columns exist, a writer may set either; the other follows (on UPDATE, the column that changed
-- wins), and a row whose two columns disagree is refused. Named so that it fires before the company trigger of
-- V4 (PostgreSQL fires BEFORE triggers in name order).
CREATE FUNCTION sync_customer_and_user_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id
     AND NEW.customer_id IS NOT DISTINCT FROM OLD.customer_id THEN
    NEW.customer_id := NEW.user_id;
  ELSIF TG_OP = 'UPDATE' AND NEW.customer_id IS DISTINCT FROM OLD.customer_id
     AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id THEN
    NEW.user_id := NEW.customer_id;
  ELSE
    NEW.customer_id := coalesce(NEW.customer_id, NEW.user_id);
    NEW.user_id := coalesce(NEW.user_id, NEW.customer_id);
  END IF;
  IF NEW.user_id IS DISTINCT FROM NEW.customer_id THEN
    RAISE EXCEPTION '%.user_id (%) and customer_id (%) must name the same customer', TG_TABLE_NAME, NEW.user_id,
      NEW.customer_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER a10_orders_customer_id BEFORE INSERT OR UPDATE OF user_id, customer_id ON orders
  FOR EACH ROW EXECUTE FUNCTION sync_customer_and_user_id();
CREATE TRIGGER a10_reservations_customer_id BEFORE INSERT OR UPDATE OF user_id, customer_id ON reservations
  FOR EACH ROW EXECUTE FUNCTION sync_customer_and_user_id();

-- Every clinic a customer orders or books at becomes one of their clinics, whoever writes the row.
CREATE FUNCTION link_customer_clinic() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.clinic_id IS NOT NULL THEN
    INSERT INTO customer_clinics (customer_id, clinic_id) VALUES (NEW.customer_id, NEW.clinic_id)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER orders_link_customer_clinic AFTER INSERT OR UPDATE OF clinic_id, customer_id, user_id ON orders
  FOR EACH ROW EXECUTE FUNCTION link_customer_clinic();
CREATE TRIGGER reservations_link_customer_clinic AFTER INSERT OR UPDATE OF clinic_id, customer_id, user_id
  ON reservations
  FOR EACH ROW EXECUTE FUNCTION link_customer_clinic();

COMMENT ON TABLE customers IS 'Customer accounts, split from users (is_customer) under the same ids.';
COMMENT ON COLUMN customer_sessions.token_hash IS 'Hex SHA-256 of the bearer token; the token itself is never stored.';
