-- Down from version 3 to 2: undoes V3__separate_customers. Run by dev.normalizer.migration.Rollback, in the
-- same transaction as the other down scripts and the history update.
--
-- * Customers go back into the legacy columns of users: every customer, profile and home clinic is copied back.
--   The service already mirrors each customer write into users in the same transaction, so the copy normally
--   finds every row in step and only fills a row that is missing.
-- * Then orders.customer_id, reservations.customer_id (user_id stayed and equals them), the customer_* tables,
--   and the triggers and functions of V3 go (among them the sync trigger on users).
-- * It refuses, changing nothing, when a users row and the normalized tables disagree (copying would overwrite
--   one of them, and only a person can tell which is right), when a customer id is a staff row, and when an
--   order or reservation names a different customer in user_id and customer_id.
-- * Login sessions are dropped, not refused: they are ephemeral, the legacy schema has no place for them, and
--   the only cost is that those customers log in again. last_login_at is kept in users. A NOTICE says how many.
-- * Non-home clinic links are derived from orders and reservations (triggers); a link without an order or
--   reservation behind it is dropped with a NOTICE.
-- No CASCADE anywhere. The result sets named (restored_table, rows) are read by Rollback for its report.

LOCK TABLE users, customers, customer_profiles, customer_clinics, customer_sessions, orders, reservations
  IN EXCLUSIVE MODE;

DO $$
DECLARE
  problems text[] := '{}';
  n bigint;
  ids text;
BEGIN
  SELECT count(*), string_agg(c.id::text, ', ' ORDER BY c.id) INTO n, ids
  FROM customers c JOIN users u ON u.id = c.id WHERE NOT u.is_customer;
  IF n > 0 THEN
    problems := problems || format('%s customer(s) share their id with a staff row of users, which copying '
      'back would overwrite (ids %s)', n, ids);
  END IF;

  -- The same comparison as the contract step V1000.
  SELECT count(*), string_agg(c.id::text, ', ' ORDER BY c.id) INTO n, ids
  FROM customers c
  JOIN customer_profiles p ON p.customer_id = c.id
  JOIN users u ON u.id = c.id AND u.is_customer
  WHERE (u.tenant_id, u.email, u.password_hash, u.role, u.first_name, u.last_name, u.phone, u.company_id,
         u.home_clinic_id, u.age, u.sex, u.medical_conditions, u.city, u.dietary_restrictions, u.preferences,
         u.notes, u.last_login_at, u.created_at, u.updated_at)
        IS DISTINCT FROM
        (c.tenant_id, c.email, c.password_hash, c.role, p.first_name, p.last_name, p.phone, c.company_id,
         (SELECT cc.clinic_id FROM customer_clinics cc WHERE cc.customer_id = c.id AND cc.is_home), p.age, p.sex,
         p.medical_conditions, p.city, p.dietary_restrictions, p.preferences, p.notes, c.last_login_at,
         c.created_at, c.updated_at);
  IF n > 0 THEN
    problems := problems || format('%s customer(s) whose users row differs from customers/customer_profiles/'
      'customer_clinics would lose one side''s values (ids %s; reconcile them, then retry)', n, ids);
  END IF;

  SELECT count(*), string_agg(c.id::text, ', ' ORDER BY c.id) INTO n, ids
  FROM customers c WHERE NOT EXISTS (SELECT 1 FROM customer_profiles p WHERE p.customer_id = c.id);
  IF n > 0 THEN
    problems := problems || format('%s customer(s) without a customer_profiles row cannot be copied back '
      '(ids %s)', n, ids);
  END IF;

  SELECT count(*), string_agg(x.what, ', ') INTO n, ids
  FROM (SELECT 'order ' || id AS what FROM orders WHERE customer_id IS DISTINCT FROM user_id
        UNION ALL
        SELECT 'reservation ' || id FROM reservations WHERE customer_id IS DISTINCT FROM user_id) x;
  IF n > 0 THEN
    problems := problems || format('%s order(s)/reservation(s) whose customer_id is not their user_id would '
      'lose it (%s)', n, ids);
  END IF;

  IF cardinality(problems) > 0 THEN
    RAISE EXCEPTION 'rollback of V3 (separate customers) refused, nothing changed: %',
      array_to_string(problems, '; ');
  END IF;

  SELECT count(*), count(*) FILTER (WHERE expires_at > localtimestamp) INTO n, ids FROM customer_sessions;
  IF n > 0 THEN
    RAISE NOTICE '% customer session(s) dropped, % of them live: those customers must log in again (sessions are '
      'ephemeral and the legacy schema has none; last_login_at is kept in users)', n, ids;
  END IF;

  SELECT count(*) INTO n FROM customer_clinics cc
  WHERE NOT cc.is_home
    AND NOT EXISTS (SELECT 1 FROM orders o WHERE (o.customer_id, o.clinic_id) = (cc.customer_id, cc.clinic_id))
    AND NOT EXISTS (SELECT 1 FROM reservations r WHERE (r.customer_id, r.clinic_id) = (cc.customer_id, cc.clinic_id));
  IF n > 0 THEN
    RAISE NOTICE '% customer clinic link(s) without a home clinic, order or reservation behind them dropped '
      '(links are derived; the legacy schema has no place for them)', n;
  END IF;
END $$;

-- The legacy application's writes to users must not reach the tables that are about to go (nor fire while the
-- customers are copied back).
DROP TRIGGER users_customer_sync ON users;
DROP FUNCTION sync_customer_from_users();
DROP FUNCTION set_customer_home_clinic(bigint, integer);

-- Every row in step was verified above, so this only inserts the customers whose users row is missing.
WITH copied AS (
  INSERT INTO users (id, tenant_id, email, password_hash, role, is_customer, first_name, last_name, phone,
                     company_id, home_clinic_id, age, sex, medical_conditions, city, dietary_restrictions,
                     preferences, notes, last_login_at, created_at, updated_at)
  SELECT c.id, c.tenant_id, c.email, c.password_hash, c.role, true, p.first_name, p.last_name, p.phone,
         c.company_id,
         (SELECT cc.clinic_id FROM customer_clinics cc WHERE cc.customer_id = c.id AND cc.is_home),
         p.age, p.sex, p.medical_conditions, p.city, p.dietary_restrictions, p.preferences, p.notes,
         c.last_login_at, c.created_at, c.updated_at
  FROM customers c JOIN customer_profiles p ON p.customer_id = c.id
  ON CONFLICT (id) DO NOTHING
  RETURNING id)
SELECT 'users: customers copied back (row was missing)' AS restored_table, count(*) AS rows FROM copied;

SELECT 'users: customer rows, in step with customers/customer_profiles' AS restored_table, count(*) AS rows
FROM customers c JOIN users u ON u.id = c.id;

DROP TRIGGER a10_orders_customer_id ON orders;
DROP TRIGGER a10_reservations_customer_id ON reservations;
DROP FUNCTION sync_customer_and_user_id();
DROP TRIGGER orders_link_customer_clinic ON orders;
DROP TRIGGER reservations_link_customer_clinic ON reservations;
DROP FUNCTION link_customer_clinic();
ALTER TABLE orders DROP COLUMN customer_id;
ALTER TABLE reservations DROP COLUMN customer_id;

DROP TABLE customer_clinics;
DROP TABLE customer_sessions;
DROP TABLE customer_profiles;
DROP TABLE customers;
