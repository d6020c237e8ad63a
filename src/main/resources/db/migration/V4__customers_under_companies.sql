-- Puts every customer under a company (expand step).
--
-- * Each tenant gets one "Default Company" (and every new tenant gets one too); orphan customers go there, in
--   `customers` and, to keep both read paths equal, in the legacy `users.company_id` of those customers.
-- * A customer's company belongs to the customer's tenant (composite foreign key).
-- * `orders.company_id` is backfilled and NOT NULL; a trigger keeps it equal to the customer's company.
-- * `addresses` holds company addresses.
-- * (tenant, company, lower(email)) is unique for new customers. Legacy duplicates are all kept: every one but
--   the first carries `legacy_duplicate_of`, and the view `customer_email_duplicates` reports them.

ALTER TABLE companies ADD COLUMN is_default boolean NOT NULL DEFAULT false;
ALTER TABLE companies ADD CONSTRAINT companies_id_tenant_uq UNIQUE (id, tenant_id);
CREATE UNIQUE INDEX companies_one_default_per_tenant_uq ON companies (tenant_id) WHERE is_default;

INSERT INTO companies (tenant_id, name, is_default)
SELECT t.id, 'Default Company', true FROM tenants t;

CREATE FUNCTION create_default_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO companies (tenant_id, name, is_default) VALUES (NEW.id, 'Default Company', true);
  RETURN NULL;
END $$;
CREATE TRIGGER tenants_default_company AFTER INSERT ON tenants
  FOR EACH ROW EXECUTE FUNCTION create_default_company();

UPDATE customers c SET company_id = d.id
FROM companies d WHERE d.tenant_id = c.tenant_id AND d.is_default AND c.company_id IS NULL;
UPDATE users u SET company_id = c.company_id
FROM customers c WHERE c.id = u.id AND u.is_customer AND u.company_id IS NULL;

ALTER TABLE customers ALTER COLUMN company_id SET NOT NULL;
ALTER TABLE customers ADD CONSTRAINT customers_company_in_tenant_fk
  FOREIGN KEY (company_id, tenant_id) REFERENCES companies (id, tenant_id);
CREATE INDEX customers_company_idx ON customers (company_id, id);
CREATE INDEX customers_tenant_email_idx ON customers (tenant_id, lower(email), id);

ALTER TABLE orders ADD COLUMN company_id integer REFERENCES companies(id);
UPDATE orders o SET company_id = c.company_id FROM customers c WHERE c.id = o.customer_id;
ALTER TABLE orders ALTER COLUMN company_id SET NOT NULL;
CREATE INDEX orders_company_idx ON orders (company_id);

CREATE FUNCTION set_order_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.company_id INTO NEW.company_id FROM customers c WHERE c.id = NEW.customer_id;
  RETURN NEW;
END $$;
CREATE TRIGGER a20_orders_company BEFORE INSERT OR UPDATE OF user_id, customer_id, company_id ON orders
  FOR EACH ROW EXECUTE FUNCTION set_order_company();

CREATE FUNCTION move_orders_with_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE orders SET company_id = NEW.company_id WHERE customer_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_company_follows_to_orders AFTER UPDATE OF company_id ON customers
  FOR EACH ROW WHEN (OLD.company_id IS DISTINCT FROM NEW.company_id)
  EXECUTE FUNCTION move_orders_with_customer();

CREATE TABLE addresses (
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
CREATE INDEX addresses_company_idx ON addresses (company_id);

ALTER TABLE customers ADD COLUMN legacy_duplicate_of bigint REFERENCES customers(id);
UPDATE customers c SET legacy_duplicate_of = d.first_id
FROM (SELECT id, min(id) OVER (PARTITION BY tenant_id, company_id, lower(email)) AS first_id FROM customers) d
WHERE d.id = c.id AND d.first_id <> c.id;
CREATE UNIQUE INDEX customers_tenant_company_email_uq ON customers (tenant_id, company_id, lower(email))
  WHERE legacy_duplicate_of IS NULL;

CREATE VIEW customer_email_duplicates AS
SELECT tenant_id, company_id, lower(email) AS email, count(*) AS customers, array_agg(id ORDER BY id) AS customer_ids
FROM customers
GROUP BY tenant_id, company_id, lower(email)
HAVING count(*) > 1;

COMMENT ON COLUMN customers.legacy_duplicate_of IS 'Set on legacy customers whose e-mail repeats another of the same tenant and company; kept, not merged.';
COMMENT ON VIEW customer_email_duplicates IS 'Legacy e-mail duplicates within a tenant and company, reported for follow-up.';
