-- Contract step for customers: removes the legacy customer data from `users`, now that `customers`,
-- `customer_profiles` and `customer_clinics` hold it.
--
-- Not applied by default. It runs only when the operator sets NORMALIZER_CONTRACT_MIGRATIONS_ENABLED=true; from
-- then on the service serves customers from the normalized tables only (the legacy customer read path is gone).
-- It refuses, changing nothing, when it would lose data: when a customer's legacy columns differ from the
-- normalized ones, or when a staff row uses a column that is about to be dropped.
--
-- Dropping the legacy columns is what a contract step is for (squawk's ban-drop-column): nothing reads them since
-- the service serves customers from the normalized tables, and the operator's gate above holds it back until then.
-- squawk-ignore-file ban-drop-column

DO $$
DECLARE
  drifted bigint;
  unsplit bigint;
  staff_values bigint;
BEGIN
  SELECT count(*) INTO drifted
  FROM users u
  JOIN customers c ON c.id = u.id
  JOIN customer_profiles p ON p.customer_id = c.id
  WHERE (u.tenant_id, u.email, u.password_hash, u.role, u.first_name, u.last_name, u.phone, u.company_id,
         u.home_clinic_id, u.age, u.sex, u.medical_conditions, u.city, u.dietary_restrictions, u.preferences,
         u.notes, u.last_login_at, u.created_at, u.updated_at)
        IS DISTINCT FROM
        (c.tenant_id, c.email, c.password_hash, c.role, p.first_name, p.last_name, p.phone, c.company_id,
         (SELECT cc.clinic_id FROM customer_clinics cc WHERE cc.customer_id = c.id AND cc.is_home), p.age, p.sex,
         p.medical_conditions, p.city, p.dietary_restrictions, p.preferences, p.notes, c.last_login_at,
         c.created_at, c.updated_at);
  SELECT count(*) INTO unsplit FROM users u WHERE u.is_customer AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = u.id);
  SELECT count(*) INTO staff_values FROM users
  WHERE NOT is_customer AND num_nonnulls(age, sex, medical_conditions, city, dietary_restrictions) > 0;
  IF drifted > 0 OR unsplit > 0 OR staff_values > 0 THEN
    RAISE EXCEPTION 'contract refused, nothing changed: % customer(s) whose users columns differ from the normalized tables, % customer row(s) of users without a customers row, % staff row(s) with values in age/sex/medical_conditions/city/dietary_restrictions',
      drifted, unsplit, staff_values;
  END IF;
END $$;

-- The triggers and columns below lock orders, reservations and users ACCESS EXCLUSIVE: every lock is waited for at
-- most 500 ms (as ShortLocks does), so that no read or write queues behind a contract step that waits for a long
-- transaction. On a timeout nothing is changed: migrate again.
SET LOCAL lock_timeout = '500ms';

-- The legacy application no longer writes customers into users: its sync triggers go first, so that deleting
-- the customer rows of users below does not delete the customers.
DROP TRIGGER users_customer_sync ON users;
DROP FUNCTION sync_customer_from_users();
DROP FUNCTION set_customer_home_clinic(bigint, integer);
DROP TRIGGER users_customer_default_company ON users;
DROP FUNCTION put_customer_in_default_company();
DROP TRIGGER customers_legacy_duplicate ON customers;
DROP FUNCTION mark_legacy_duplicate();

-- Orders and reservations now point at customers only.
DROP TRIGGER a10_orders_customer_id ON orders;
DROP TRIGGER a10_reservations_customer_id ON reservations;
DROP FUNCTION sync_customer_and_user_id();
DROP TRIGGER a20_orders_company ON orders;
CREATE TRIGGER a20_orders_company BEFORE INSERT OR UPDATE OF customer_id, company_id ON orders
  FOR EACH ROW EXECUTE FUNCTION set_order_company();
DROP TRIGGER orders_link_customer_clinic ON orders;
CREATE TRIGGER orders_link_customer_clinic AFTER INSERT OR UPDATE OF clinic_id, customer_id ON orders
  FOR EACH ROW EXECUTE FUNCTION link_customer_clinic();
DROP TRIGGER reservations_link_customer_clinic ON reservations;
CREATE TRIGGER reservations_link_customer_clinic AFTER INSERT OR UPDATE OF clinic_id, customer_id ON reservations
  FOR EACH ROW EXECUTE FUNCTION link_customer_clinic();
ALTER TABLE orders DROP COLUMN user_id;
ALTER TABLE reservations DROP COLUMN user_id;

-- Customers leave the shared table; staff rows stay as they are.
DELETE FROM users WHERE is_customer;
ALTER TABLE users
  DROP COLUMN age,
  DROP COLUMN sex,
  DROP COLUMN medical_conditions,
  DROP COLUMN city,
  DROP COLUMN dietary_restrictions;

COMMENT ON TABLE users IS 'Staff accounts. Customers live in customers and customer_profiles since the contract step V1000.';
