package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.customer.LegacyCustomerColumns;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The legacy application keeps writing customers into users with its own SQL, as the table's owner, after every
 * expand migration: its writes reach customers, customer_profiles and customer_clinics at once, and the service's
 * own writes (normalized tables first, then mirrored into users) are neither doubled nor overwritten.
 */
class CustomerMigrationLegacySyncTest {

    private static String db;

    /** The normalized customer as the normalized reader sees it: account, profile and home clinic. */
    private static final String NORMALIZED = """
            SELECT concat_ws('|', c.tenant_id, c.email, c.company_id, p.first_name, p.last_name, p.city, p.notes,
                             p.preferences, (SELECT cc.clinic_id FROM customer_clinics cc
                                             WHERE cc.customer_id = c.id AND cc.is_home))
            FROM customers c JOIN customer_profiles p ON p.customer_id = c.id WHERE c.id = """;

    @BeforeAll
    static void migrateTheFixture() {
        db = legacyDatabase();
        migrate(db, MigrationDb.LAST_EXPAND_VERSION);
    }

    @Test
    void legacyInsertOfACustomerCreatesTheNormalizedCustomerInTheDefaultCompany() throws SQLException {
        try (Connection c = TestDatabase.connect(db)) {
            long clinic = scalar(c, "SELECT min(id) FROM clinics WHERE tenant_id = 1");
            long defaultCompany = scalar(c, "SELECT id FROM companies WHERE tenant_id = 1 AND is_default");
            long id = scalar(c, "INSERT INTO users (tenant_id, email, password_hash, role, is_customer, first_name, "
                    + "last_name, city, home_clinic_id, preferences) VALUES (1, 'ada.legacy@example.org', "
                    + "'$2a$10$legacy', 'customer', true, 'Ada', ' Legacy ', 'Cork', " + clinic + ", '{\"sms\": true}') "
                    + "RETURNING id");

            assertAll(
                    () -> assertEquals("1|ada.legacy@example.org|" + defaultCompany + "|Ada| Legacy |Cork|"
                            + "{\"sms\": true}|" + clinic, string(c, NORMALIZED + id)),
                    () -> assertEquals(defaultCompany, scalar(c, "SELECT company_id FROM users WHERE id = " + id),
                            "users.company_id is the Default Company too, so that both read paths agree"),
                    () -> assertTrue(string(c, "SELECT public_id FROM customers WHERE id = " + id).matches(
                            "cus_[a-z][a-z0-9]{23}"), "V6 gives it a public id"),
                    () -> assertEquals("f", string(c, "SELECT concat_ws('|', gdpr_restricted, erased_at) "
                            + "FROM customers WHERE id = " + id), "V8's columns take their defaults"),
                    () -> assertNull(string(c, "SELECT legacy_duplicate_of::text FROM customers WHERE id = " + id)),
                    () -> assertEquals("", driftOf(c, id), "users and the normalized tables agree"));
        }
    }

    @Test
    void legacyUpdateOfUsersReachesTheProfileAndKeepsTheServicesChanges() throws SQLException {
        try (Connection c = TestDatabase.connect(db)) {
            long id = scalar(c, "SELECT min(id) FROM customers WHERE tenant_id = 2");
            // The service changed the notes in the normalized tables; users still has the older value.
            execute(c, "UPDATE customer_profiles SET notes = 'written by the service' WHERE customer_id = " + id);
            String others = "SELECT (c.tenant_id, c.email, c.company_id, c.updated_at, p.first_name, p.last_name, "
                    + "p.phone, p.age, p.sex, p.medical_conditions, p.dietary_restrictions, p.preferences, p.notes)::text "
                    + "FROM customers c JOIN customer_profiles p ON p.customer_id = c.id WHERE c.id = " + id;
            String before = string(c, others);

            execute(c, "UPDATE users SET city = 'Galway' WHERE id = " + id);

            assertAll(
                    () -> assertEquals("Galway", string(c, "SELECT city FROM customer_profiles WHERE customer_id = "
                            + id)),
                    () -> assertEquals(before, string(c, others), "only the city changed"),
                    () -> assertEquals("written by the service", string(c, "SELECT notes FROM customer_profiles "
                            + "WHERE customer_id = " + id), "the untouched legacy column did not overwrite it"));
        }
    }

    @Test
    void legacyInsertWithATakenEmailIsKeptAsALegacyDuplicate() throws SQLException {
        try (Connection c = TestDatabase.connect(db)) {
            long first = scalar(c, "SELECT min(id) FROM customers WHERE tenant_id = 1 AND legacy_duplicate_of IS NULL");
            long id = scalar(c, "INSERT INTO users (tenant_id, email, password_hash, role, is_customer, company_id) "
                    + "SELECT tenant_id, upper(email), 'x', 'customer', true, company_id FROM customers WHERE id = "
                    + first + " RETURNING id");
            assertEquals(first, scalar(c, "SELECT legacy_duplicate_of FROM customers WHERE id = " + id));

            execute(c, "DELETE FROM users WHERE id = " + first + " AND NOT EXISTS (SELECT 1 FROM orders "
                    + "WHERE user_id = " + first + ") AND NOT EXISTS (SELECT 1 FROM reservations WHERE user_id = "
                    + first + ")");
            if (scalar(c, "SELECT count(*) FROM users WHERE id = " + first) == 0) {
                assertNull(string(c, "SELECT legacy_duplicate_of::text FROM customers WHERE id = " + id),
                        "the duplicate became the first of its group");
            }
        }
    }

    @Test
    void legacyDeleteRemovesTheCustomerAndProfile() throws SQLException {
        try (Connection c = TestDatabase.connect(db)) {
            long id = scalar(c, "INSERT INTO users (tenant_id, email, password_hash, role, is_customer, city) "
                    + "VALUES (2, 'gone.soon@example.org', 'x', 'customer', true, 'Cobh') RETURNING id");
            assertEquals(1, scalar(c, "SELECT count(*) FROM customer_profiles WHERE customer_id = " + id));

            execute(c, "DELETE FROM users WHERE id = " + id);

            assertAll(
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM customers WHERE id = " + id)),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM customer_profiles WHERE customer_id = "
                            + id)));
        }
    }

    @Test
    void legacyOrderByUserIdOfALegacyCustomerGetsCustomerAndCompany() throws SQLException {
        try (Connection c = TestDatabase.connect(db)) {
            long id = scalar(c, "INSERT INTO users (tenant_id, email, password_hash, role, is_customer) "
                    + "VALUES (1, 'orders.legacy@example.org', 'x', 'customer', true) RETURNING id");
            long clinic = scalar(c, "SELECT max(id) FROM clinics WHERE tenant_id = 1");
            long order = scalar(c, "INSERT INTO orders (tenant_id, user_id, clinic_id, total_cents, status) "
                    + "VALUES (1, " + id + ", " + clinic + ", 1999, 'placed') RETURNING id");
            assertAll(
                    () -> assertEquals(id, scalar(c, "SELECT customer_id FROM orders WHERE id = " + order)),
                    () -> assertEquals(scalar(c, "SELECT company_id FROM customers WHERE id = " + id),
                            scalar(c, "SELECT company_id FROM orders WHERE id = " + order)),
                    () -> assertTrue(string(c, "SELECT public_id FROM orders WHERE id = " + order).startsWith("ord_")),
                    () -> assertEquals(1, scalar(c, "SELECT count(*) FROM customer_clinics WHERE customer_id = " + id
                            + " AND clinic_id = " + clinic)));
        }
    }

    /** A registration as the service makes it, as its own role under row-level security: written once, in step. */
    @Test
    void serviceRegistrationMirroredIntoUsersIsNotWrittenTwice() throws SQLException {
        long id;
        try (Connection s = TestDatabase.connectAsService(db)) {
            s.setAutoCommit(false);
            execute(s, "SELECT set_config('app.tenant_id', '1', true)");
            id = scalar(s, "SELECT nextval('users_id_seq')");
            execute(s, """
                    INSERT INTO customers (id, tenant_id, email, password_hash, role, company_id)
                      SELECT %1$d, 1, 'grace@example.org', 'x', 'customer', d.id FROM companies d
                      WHERE d.tenant_id = 1 AND d.is_default;
                    INSERT INTO customer_profiles (customer_id, first_name, city) VALUES (%1$d, 'Grace', 'Arlington');
                    INSERT INTO customer_clinics (customer_id, clinic_id, is_home)
                      SELECT %1$d, min(id), true FROM clinics WHERE tenant_id = 1""".formatted(id));
            mirror(s, id);
            execute(s, "UPDATE customer_profiles SET city = 'Boston' WHERE customer_id = " + id);
            mirror(s, id);
            s.commit();
        }
        try (Connection c = TestDatabase.connect(db)) {
            long customer = id;
            assertAll(
                    () -> assertEquals("Boston", string(c, "SELECT city FROM customer_profiles WHERE customer_id = "
                            + customer)),
                    () -> assertEquals("Boston", string(c, "SELECT city FROM users WHERE id = " + customer)),
                    () -> assertEquals(1, scalar(c, "SELECT count(*) FROM customer_clinics WHERE customer_id = "
                            + customer)),
                    () -> assertEquals("", driftOf(c, customer)));
        }
    }

    private static void mirror(Connection c, long customer) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LegacyCustomerColumns.MIRROR.replace("?1", "?"))) {
            s.setLong(1, customer);
            s.executeUpdate();
        }
    }

    /** "" when the users row and the normalized tables hold the same customer (D3's and V1000's comparison). */
    private static String driftOf(Connection c, long id) throws SQLException {
        return string(c, """
                SELECT CASE WHEN (u.tenant_id, u.email, u.password_hash, u.role, u.first_name, u.last_name, u.phone,
                       u.company_id, u.home_clinic_id, u.age, u.sex, u.medical_conditions, u.city,
                       u.dietary_restrictions, u.preferences, u.notes, u.last_login_at, u.created_at, u.updated_at)
                      IS DISTINCT FROM
                      (c.tenant_id, c.email, c.password_hash, c.role, p.first_name, p.last_name, p.phone, c.company_id,
                       (SELECT cc.clinic_id FROM customer_clinics cc WHERE cc.customer_id = c.id AND cc.is_home),
                       p.age, p.sex, p.medical_conditions, p.city, p.dietary_restrictions, p.preferences, p.notes,
                       c.last_login_at, c.created_at, c.updated_at) THEN 'differs' ELSE '' END
                FROM users u JOIN customers c ON c.id = u.id JOIN customer_profiles p ON p.customer_id = c.id
                WHERE u.id = """ + id);
    }
}
