package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.assertNone;
import static dev.normalizer.migration.MigrationDb.assertSameRows;
import static dev.normalizer.migration.MigrationDb.count;
import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.staffChecksum;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The DBA's checks, after separating customers from staff (V3) and again after putting them under companies (V4). */
class CustomerMigrationTest {

    static final int FIXTURE_USERS = 150;

    enum DataSet {
        FIXTURE(0), FIXTURE_AND_5000_GENERATED_USERS(5_000);

        final int generatedUsers;

        DataSet(int generatedUsers) {
            this.generatedUsers = generatedUsers;
        }
    }

    /** What the DBA records before migrating; the legacy rows themselves are copied to schema legacy_before. */
    private record Before(long customers, long staff, String staffChecksum, long orders, long reservations) {
    }

    @ParameterizedTest
    @EnumSource(DataSet.class)
    void everyCustomerOrderReservationAndStaffRowSurvivesBothSteps(DataSet data) throws SQLException {
        String db = legacyDatabase();
        Before before;
        try (Connection c = TestDatabase.connect(db)) {
            if (data.generatedUsers > 0) {
                TestDatabase.loadGenerator(db, "fixture/generate-legacy-customers.sql");
                long start = System.nanoTime();
                assertEquals(data.generatedUsers,
                        scalar(c, "SELECT generate_legacy_customers(" + data.generatedUsers + ")"));
                timing("generated %,d legacy users with their orders and reservations", data.generatedUsers, start);
                assertGeneratedRowsCarryTheTraps(c);
            }
            before = new Before(scalar(c, "SELECT count(*) FROM users WHERE is_customer"),
                    scalar(c, "SELECT count(*) FROM users WHERE NOT is_customer"), staffChecksum(c),
                    scalar(c, "SELECT count(*) FROM orders"), scalar(c, "SELECT count(*) FROM reservations"));
            execute(c, "CREATE SCHEMA legacy_before; CREATE TABLE legacy_before.users AS TABLE users; "
                    + "CREATE TABLE legacy_before.orders AS TABLE orders; "
                    + "CREATE TABLE legacy_before.reservations AS TABLE reservations");
        }

        migrate(db, "2"); // the patients' step, so that the timings below are those of V3 and V4 alone
        for (String version : List.of("3", "4")) {
            long start = System.nanoTime();
            migrate(db, version);
            timing("Flyway migrated " + data + " to version " + version + " (%,d users)",
                    before.customers() + before.staff(), start);
            try (Connection c = TestDatabase.connect(db)) {
                assertDbaChecks(c, before, version.equals("4"));
            }
        }
    }

    private static void assertDbaChecks(Connection c, Before before, boolean underCompanies) throws SQLException {
        List<Executable> checks = new ArrayList<>();
        checks.addAll(customersMatchLegacyUsers(c, before, underCompanies));
        checks.addAll(ordersAndReservationsKeepTheirCustomer(c, before));
        checks.addAll(List.of(
                () -> assertEquals(before.staff(), scalar(c, "SELECT count(*) FROM users WHERE NOT is_customer"),
                        "staff"),
                () -> assertEquals(before.staffChecksum(), staffChecksum(c), "md5 of the staff rows")));
        checks.addAll(clinicsAreLinked(c));
        if (underCompanies) {
            checks.addAll(everyCustomerIsUnderACompany(c));
            checks.addAll(duplicatesAreKeptAndReported(c));
        }
        assertAll(checks);
    }

    /** The company a legacy customer should have: their own, or after V4 their tenant's Default Company. */
    private static String expectedCompany(boolean underCompanies) {
        return underCompanies
                ? "coalesce(u.company_id, "
                        + "(SELECT d.id FROM companies d WHERE d.tenant_id = u.tenant_id AND d.is_default))"
                : "u.company_id";
    }

    private static List<Executable> customersMatchLegacyUsers(Connection c, Before before, boolean underCompanies) {
        String customers = """
                SELECT c.id::text, ROW(c.tenant_id, c.email, c.password_hash, c.role, c.company_id, c.last_login_at,
                       c.created_at, c.updated_at, p.first_name, p.last_name, p.phone, p.age, p.sex,
                       p.medical_conditions, p.city, p.dietary_restrictions, p.preferences, p.notes)::text
                FROM customers c JOIN customer_profiles p ON p.customer_id = c.id""";
        String legacy = """
                SELECT u.id::text, ROW(u.tenant_id, u.email, u.password_hash, u.role, %s, u.last_login_at,
                       u.created_at, u.updated_at, u.first_name, u.last_name, u.phone, u.age, u.sex,
                       u.medical_conditions, u.city, u.dietary_restrictions, u.preferences, u.notes)::text
                FROM %s u WHERE u.is_customer""";
        return List.of(
                () -> assertEquals(before.customers(), scalar(c, "SELECT count(*) FROM customers"), "customers"),
                () -> assertEquals(before.customers(), scalar(c, "SELECT count(*) FROM customer_profiles"), "profiles"),
                () -> assertNone(c, "customers without a profile", "SELECT c.id FROM customers c "
                        + "WHERE NOT EXISTS (SELECT 1 FROM customer_profiles p WHERE p.customer_id = c.id)"),
                () -> assertSameRows(c, "customer vs legacy users row as it was before migrating", customers,
                        legacy.formatted(expectedCompany(underCompanies), "legacy_before.users")),
                () -> assertSameRows(c, "customer vs the legacy columns still in users", customers,
                        legacy.formatted("u.company_id", "users")));
    }

    private static List<Executable> ordersAndReservationsKeepTheirCustomer(Connection c, Before before) {
        String orders = "SELECT o.id::text, ROW(o.id, o.tenant_id, o.user_id, o.clinic_id, o.total_cents, o.currency, "
                + "o.status, o.placed_at)::text FROM %s o";
        String reservations = "SELECT r.id::text, ROW(r.id, r.tenant_id, r.user_id, r.clinic_id, r.starts_at, "
                + "r.duration_min, r.party_size, r.status, r.notes, r.created_at)::text FROM %s r";
        return List.of(
                () -> assertEquals(before.orders(), scalar(c, "SELECT count(*) FROM orders"), "orders"),
                () -> assertEquals(before.reservations(), scalar(c, "SELECT count(*) FROM reservations"),
                        "reservations"),
                () -> assertNone(c, "orders whose customer_id is not their user_id",
                        "SELECT id FROM orders WHERE customer_id IS DISTINCT FROM user_id"),
                () -> assertNone(c, "reservations whose customer_id is not their user_id",
                        "SELECT id FROM reservations WHERE customer_id IS DISTINCT FROM user_id"),
                () -> assertSameRows(c, "order vs legacy order",
                        orders.formatted("orders"), orders.formatted("legacy_before.orders")),
                () -> assertSameRows(c, "reservation vs legacy reservation",
                        reservations.formatted("reservations"), reservations.formatted("legacy_before.reservations")));
    }

    private static List<Executable> clinicsAreLinked(Connection c) {
        return List.of(
                () -> assertNone(c, "customers whose legacy home clinic is not their one home clinic", """
                        SELECT u.id FROM legacy_before.users u
                        WHERE u.is_customer AND u.home_clinic_id IS NOT NULL
                          AND (SELECT array_agg(cc.clinic_id) FROM customer_clinics cc
                               WHERE cc.customer_id = u.id AND cc.is_home) IS DISTINCT FROM ARRAY[u.home_clinic_id]"""),
                () -> assertNone(c, "customers with a home clinic but none in users", """
                        SELECT cc.customer_id FROM customer_clinics cc
                        JOIN legacy_before.users u ON u.id = cc.customer_id
                        WHERE cc.is_home AND u.home_clinic_id IS NULL"""),
                () -> assertNone(c, "customers not linked to a clinic they ordered or booked at", """
                        SELECT x.customer_id
                        FROM (SELECT customer_id, clinic_id FROM orders WHERE clinic_id IS NOT NULL
                              UNION SELECT customer_id, clinic_id FROM reservations) x
                        WHERE NOT EXISTS (SELECT 1 FROM customer_clinics cc
                                          WHERE (cc.customer_id, cc.clinic_id) = (x.customer_id, x.clinic_id))"""),
                () -> assertNone(c, "customers linked to a clinic without a home, order or reservation behind it", """
                        SELECT cc.customer_id FROM customer_clinics cc
                        WHERE NOT cc.is_home
                          AND NOT EXISTS (SELECT 1 FROM orders o
                                          WHERE (o.customer_id, o.clinic_id) = (cc.customer_id, cc.clinic_id))
                          AND NOT EXISTS (SELECT 1 FROM reservations r
                                          WHERE (r.customer_id, r.clinic_id) = (cc.customer_id, cc.clinic_id))"""));
    }

    private static List<Executable> everyCustomerIsUnderACompany(Connection c) {
        return List.of(
                () -> assertNone(c, "customers without a company",
                        "SELECT id FROM customers WHERE company_id IS NULL"),
                () -> assertNone(c, "legacy orphans not in their tenant's Default Company", """
                        SELECT u.id FROM legacy_before.users u
                        JOIN customers c ON c.id = u.id JOIN companies d ON d.id = c.company_id
                        WHERE u.is_customer AND u.company_id IS NULL
                          AND NOT (d.is_default AND d.tenant_id = u.tenant_id AND d.name = 'Default Company')"""),
                () -> assertNone(c, "tenants without exactly one default company", """
                        SELECT t.id FROM tenants t
                        WHERE (SELECT count(*) FROM companies d WHERE d.tenant_id = t.id AND d.is_default) <> 1"""),
                () -> assertNone(c, "orders whose company is not their customer's", """
                        SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id
                        WHERE o.company_id IS DISTINCT FROM c.company_id"""));
    }

    private static List<Executable> duplicatesAreKeptAndReported(Connection c) {
        return List.of(
                () -> assertSameRows(c, "duplicate group (tenant/company/email) reported vs found in legacy rows",
                        "SELECT concat_ws('/', tenant_id, company_id, email), ROW(customers, customer_ids)::text "
                                + "FROM customer_email_duplicates", """
                        SELECT concat_ws('/', u.tenant_id, %s, lower(u.email)),
                               ROW(count(*), array_agg(u.id ORDER BY u.id))::text
                        FROM legacy_before.users u WHERE u.is_customer
                        GROUP BY 1 HAVING count(*) > 1""".formatted(expectedCompany(true))),
                () -> assertNone(c, "reported duplicates that no longer exist", """
                        SELECT d.id FROM customer_email_duplicates v, unnest(v.customer_ids) AS d(id)
                        WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = d.id)"""),
                () -> assertNone(c, "e-mail groups (first id) without exactly one legacy_duplicate_of NULL", """
                        SELECT min(id) FROM customers GROUP BY tenant_id, company_id, lower(email)
                        HAVING count(*) FILTER (WHERE legacy_duplicate_of IS NULL) <> 1"""),
                () -> assertNone(c, "customers whose legacy_duplicate_of is not the first of their group", """
                        SELECT c.id FROM customers c JOIN customers f ON f.id = c.legacy_duplicate_of
                        WHERE f.legacy_duplicate_of IS NOT NULL OR f.id > c.id
                           OR (f.tenant_id, f.company_id, lower(f.email))
                              IS DISTINCT FROM (c.tenant_id, c.company_id, lower(c.email))"""));
    }

    /** Guards the generator: checks over data without the traps would prove nothing. */
    private static void assertGeneratedRowsCarryTheTraps(Connection c) throws SQLException {
        execute(c, """
                CREATE TEMPORARY VIEW gen_users AS SELECT * FROM users WHERE id > %1$d;
                CREATE TEMPORARY VIEW gen_orders AS SELECT * FROM orders WHERE user_id > %1$d;
                CREATE TEMPORARY VIEW gen_reservations AS SELECT * FROM reservations WHERE user_id > %1$d
                """.formatted(FIXTURE_USERS));
        String customerGroups = "SELECT 1 FROM gen_users WHERE is_customer GROUP BY tenant_id, lower(email) "
                + "HAVING count(*) > 1 AND ";
        Map<String, String> traps = new LinkedHashMap<>();
        traps.put("staff with preferences, notes and a home clinic", "SELECT 1 FROM gen_users WHERE NOT is_customer "
                + "AND preferences IS NOT NULL AND notes IS NOT NULL AND home_clinic_id IS NOT NULL");
        traps.put("admin", "SELECT 1 FROM gen_users WHERE role = 'admin'");
        traps.put("orphan customer", "SELECT 1 FROM gen_users WHERE is_customer AND company_id IS NULL");
        traps.put("same company, e-mails differing in case", customerGroups
                + "count(DISTINCT company_id) = 1 AND count(DISTINCT email) > 1 AND bool_and(company_id IS NOT NULL)");
        traps.put("three customers sharing an e-mail in one company", customerGroups + "count(*) FILTER ("
                + "WHERE company_id IS NOT NULL) >= 3 AND count(DISTINCT company_id) = 1");
        traps.put("two orphans sharing an e-mail", customerGroups + "count(*) FILTER (WHERE company_id IS NULL) > 1");
        traps.put("same e-mail across companies", customerGroups + "count(DISTINCT company_id) > 1");
        traps.put("same e-mail, orphan and company", customerGroups
                + "bool_or(company_id IS NULL) AND bool_or(company_id IS NOT NULL)");
        traps.put("staff and customer sharing an e-mail", "SELECT 1 FROM gen_users GROUP BY tenant_id, lower(email) "
                + "HAVING bool_or(is_customer) AND bool_or(NOT is_customer)");
        traps.put("same e-mail across tenants",
                "SELECT 1 FROM gen_users GROUP BY lower(email) HAVING count(DISTINCT tenant_id) > 1");
        traps.put("quote, backslash, newline, tab", "SELECT 1 FROM gen_users u WHERE strpos(u::text, '''') > 0 "
                + "AND strpos(u::text, E'\\\\') > 0 AND u::text LIKE E'%\\n%' AND u::text LIKE E'%\\t%'");
        traps.put("emoji and other non-ASCII", "SELECT 1 FROM gen_users u WHERE u::text ~ '[\\U0001F300-\\U0001FAFF]' "
                + "AND u::text ~ '[ÆØåëñ東]'");
        traps.put("padding spaces", "SELECT 1 FROM gen_users WHERE first_name LIKE ' %' AND first_name LIKE '% '");
        traps.put("nested, unicode and empty preferences", "SELECT 1 FROM gen_users HAVING bool_or(preferences = '{}') "
                + "AND bool_or(preferences::text LIKE '%{\"b\": {%') AND bool_or(preferences::text LIKE '%東京%') "
                + "AND bool_or(preferences IS NULL)");
        traps.put("microseconds and whole seconds", "SELECT 1 FROM gen_users "
                + "HAVING bool_or(created_at = date_trunc('second', created_at)) "
                + "AND bool_or(extract(microseconds FROM created_at)::bigint % 1000 <> 0)");
        traps.put("$2a$ and $2b$ hashes of 60 characters", "SELECT 1 FROM gen_users "
                + "HAVING bool_and(length(password_hash) = 60) "
                + "AND bool_or(password_hash LIKE '$2a$%') AND bool_or(password_hash LIKE '$2b$%')");
        traps.put("order without a clinic, every status and currency", "SELECT 1 FROM gen_orders "
                + "HAVING count(*) FILTER (WHERE clinic_id IS NULL) > 0 "
                + "AND count(DISTINCT status) = 4 AND count(DISTINCT currency) = 3");
        traps.put("every reservation status", "SELECT 1 FROM gen_reservations HAVING count(DISTINCT status) = 4");
        List<Executable> checks = new ArrayList<>();
        traps.forEach((trap, query) -> checks.add(
                () -> assertTrue(count(c, query) > 0, "no generated row has the trap: " + trap)));
        assertAll(checks);
    }

    private static void timing(String what, long rows, long startNanos) {
        System.out.printf("[migration-timing] " + what + " in %d ms%n", rows,
                (System.nanoTime() - startNanos) / 1_000_000);
    }
}
