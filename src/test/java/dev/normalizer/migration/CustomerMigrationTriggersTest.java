package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.count;
import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.md5;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.normalizer.testsupport.BesideQuarkusTests;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/** What the V3 and V4 triggers, constraints and transactions do for writers after the migration, on the fixture. */
@BesideQuarkusTests
class CustomerMigrationTriggersTest {

    /** The fixture's first orphan customer, whom V4 moved to the Default Company: their company is not a given. */
    private static final String ORPHAN = "(SELECT min(cu.id) FROM customers cu "
            + "JOIN companies d ON d.id = cu.company_id WHERE d.is_default)";

    @Test
    void legacyWriterInsertingOnlyUserIdStillGetsCustomerAndCompany() throws SQLException {
        try (Connection c = migratedFixture()) {
            long customer = scalar(c, "SELECT id FROM customers WHERE id = " + ORPHAN);
            long company = scalar(c, "SELECT company_id FROM customers WHERE id = " + customer);
            long clinic = scalar(c, "SELECT max(cl.id) FROM clinics cl "
                    + "JOIN customers cu ON cu.tenant_id = cl.tenant_id WHERE cu.id = " + customer);
            long order = scalar(c, "INSERT INTO orders (tenant_id, user_id, total_cents, status) SELECT tenant_id, id, "
                    + "1999, 'placed' FROM customers WHERE id = " + customer + " RETURNING id");
            long reservation = scalar(c, "INSERT INTO reservations (tenant_id, user_id, clinic_id, starts_at) "
                    + "SELECT tenant_id, id, " + clinic + ", timestamp '2027-01-04 09:30' FROM customers "
                    + "WHERE id = " + customer + " RETURNING id");
            assertAll(
                    () -> assertEquals(customer, scalar(c, "SELECT customer_id FROM orders WHERE id = " + order)),
                    () -> assertEquals(company, scalar(c, "SELECT company_id FROM orders WHERE id = " + order)),
                    () -> assertEquals(1, scalar(c, "SELECT count(*) FROM companies WHERE is_default "
                            + "AND id = " + company), "the orphan's orders go to the Default Company"),
                    () -> assertEquals(customer,
                            scalar(c, "SELECT customer_id FROM reservations WHERE id = " + reservation)),
                    () -> assertEquals(1, scalar(c, "SELECT count(*) FROM customer_clinics "
                            + "WHERE customer_id = " + customer + " AND clinic_id = " + clinic),
                            "the booked clinic becomes one of the customer's"));
        }
    }

    @Test
    void changingACustomersCompanyMovesTheirOrders() throws SQLException {
        try (Connection c = migratedFixture()) {
            long customer = scalar(c, "SELECT customer_id FROM orders GROUP BY customer_id HAVING count(*) > 1 "
                    + "ORDER BY customer_id LIMIT 1");
            long target = scalar(c, "SELECT min(d.id) FROM companies d JOIN customers cu ON cu.tenant_id = d.tenant_id "
                    + "WHERE cu.id = " + customer + " AND d.id <> cu.company_id");
            String others = md5(c, "orders", "customer_id <> " + customer);

            execute(c, "UPDATE customers SET company_id = " + target + " WHERE id = " + customer);

            assertAll(
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM orders WHERE customer_id = " + customer
                            + " AND company_id <> " + target), "every order of the customer follows them"),
                    () -> assertEquals(others, md5(c, "orders", "customer_id <> " + customer), "other orders stay"));
        }
    }

    @Test
    void aNewTenantGetsADefaultCompany() throws SQLException {
        try (Connection c = migratedFixture()) {
            long tenant = scalar(c, "INSERT INTO tenants (slug, name) VALUES ('tenant-new', 'New tenant') "
                    + "RETURNING id");
            assertEquals("Default Company|true", string(c,
                    "SELECT string_agg(name || '|' || is_default, ', ') FROM companies WHERE tenant_id = " + tenant));
        }
    }

    @Test
    void newCustomerWithATakenEmailInTheSameCompanyIsRejected() throws SQLException {
        try (Connection c = migratedFixture()) {
            String group = "SELECT * FROM customer_email_duplicates ORDER BY tenant_id, company_id, email LIMIT 1";
            String duplicates = string(c, "SELECT customer_ids::text FROM (" + group + ") g");
            String insert = "INSERT INTO customers (tenant_id, email, password_hash, role, company_id) "
                    + "SELECT tenant_id, upper(email), 'x', 'customer', %s FROM (" + group + ") g";

            SQLException rejected = assertThrows(SQLException.class, () -> execute(c, insert.formatted("company_id")));

            assertAll(
                    () -> assertEquals("23505", rejected.getSQLState(), rejected.getMessage()),
                    () -> assertEquals(duplicates, string(c, "SELECT customer_ids::text FROM (" + group + ") g"),
                            "the legacy duplicates stay reported"),
                    () -> assertEquals(0, count(c, "SELECT id FROM unnest('" + duplicates + "'::bigint[]) AS d(id) "
                            + "WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = d.id)"), "and stay"),
                    () -> assertEquals(1, count(c, "SELECT 1 FROM customers WHERE legacy_duplicate_of IS NULL "
                            + "AND id = ANY('" + duplicates + "'::bigint[])"), "one of them is the original"));
            // The same address in another company of the tenant is a different customer.
            execute(c, insert.formatted("(SELECT min(d.id) FROM companies d WHERE d.tenant_id = g.tenant_id "
                    + "AND d.id <> g.company_id)"));
        }
    }

    @Test
    void failedCustomerMigrationLeavesDatabaseAsItWas() throws SQLException {
        String db = legacyDatabase();
        List<String> tables = List.of("users", "orders", "reservations", "companies");
        List<String> checksums;
        try (Connection c = TestDatabase.connect(db)) {
            checksums = checksums(c, tables);
            // V3 creates customer_clinics after customers, customer_profiles and customer_sessions: it fails midway.
            execute(c, "CREATE TABLE customer_clinics (x integer)");
        }

        assertThrows(FlywayException.class, () -> migrate(db, "4"));

        try (Connection c = TestDatabase.connect(db)) {
            assertAll(
                    () -> assertEquals(checksums, checksums(c, tables)),
                    () -> assertNull(string(c, "SELECT to_regclass('public.customers')::text")),
                    () -> assertNull(string(c, "SELECT to_regclass('public.customer_profiles')::text")),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM information_schema.columns WHERE "
                            + "table_schema = 'public' AND table_name IN ('orders', 'reservations') "
                            + "AND column_name = 'customer_id'")),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM pg_proc "
                            + "WHERE proname = 'sync_customer_and_user_id'")),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM flyway_schema_history "
                            + "WHERE version IN ('3', '4') AND success")));
        }
    }

    /** A legacy writer that moves an order to another user moves its customer, company and clinic link too. */
    @Test
    void legacyWriterMovingAnOrderToAnotherUserMovesItsCustomerAndCompany() throws SQLException {
        try (Connection c = migratedFixture()) {
            long order = scalar(c, "SELECT min(id) FROM orders");
            long other = scalar(c, "SELECT min(cu.id) FROM customers cu JOIN orders o ON o.tenant_id = cu.tenant_id "
                    + "WHERE o.id = " + order + " AND cu.id <> o.customer_id AND cu.company_id <> o.company_id");

            execute(c, "UPDATE orders SET user_id = " + other + " WHERE id = " + order);

            assertAll(
                    () -> assertEquals(other, scalar(c, "SELECT customer_id FROM orders WHERE id = " + order),
                            "customer_id follows user_id"),
                    () -> assertEquals(scalar(c, "SELECT company_id FROM customers WHERE id = " + other),
                            scalar(c, "SELECT company_id FROM orders WHERE id = " + order),
                            "the order moves to the new customer's company"),
                    () -> assertEquals(1, scalar(c, "SELECT count(*) FROM customer_clinics cc JOIN orders o "
                            + "ON o.clinic_id = cc.clinic_id AND o.customer_id = cc.customer_id WHERE o.id = "
                            + order + " AND o.clinic_id IS NOT NULL") + scalar(c, "SELECT count(*) FROM orders "
                            + "WHERE id = " + order + " AND clinic_id IS NULL"), "the new customer is linked to "
                            + "the order's clinic"));
            long first = scalar(c, "SELECT min(id) FROM customers WHERE id <> " + other + " AND tenant_id = "
                    + "(SELECT tenant_id FROM orders WHERE id = " + order + ")");
            long second = scalar(c, "SELECT min(id) FROM customers WHERE id NOT IN (" + other + ", " + first
                    + ") AND tenant_id = (SELECT tenant_id FROM orders WHERE id = " + order + ")");
            assertThrows(SQLException.class, () -> execute(c, "UPDATE orders SET user_id = " + first
                    + ", customer_id = " + second + " WHERE id = " + order),
                    "a write whose user_id and customer_id disagree is refused");
        }
    }

    private static Connection migratedFixture() throws SQLException {
        String db = legacyDatabase();
        migrate(db, "4");
        return TestDatabase.connect(db);
    }

    private static List<String> checksums(Connection c, List<String> tables) throws SQLException {
        List<String> sums = new ArrayList<>();
        for (String table : tables) {
            sums.add(table + " " + md5(c, table, "true"));
        }
        return sums;
    }
}
