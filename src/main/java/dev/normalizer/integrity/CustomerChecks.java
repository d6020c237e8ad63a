package dev.normalizer.integrity;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of the customer split (V3, V4): customers match the legacy {@code users} rows while those exist, nothing
 * points at a missing customer, and orders agree with their customer's company and tenant.
 */
final class CustomerChecks {

    private static final String CONTRACTED = "the contract step removed the legacy customer columns";

    /** The tables that hang off customers, each with what names one of its rows in a report. */
    private static final Map<String, String> CHILDREN = new LinkedHashMap<>();

    static {
        CHILDREN.put("customer_profiles", "x.customer_id::text");
        CHILDREN.put("customer_sessions", "x.id::text");
        CHILDREN.put("customer_clinics", "x.customer_id || '/' || x.clinic_id");
        CHILDREN.put("orders", "x.id::text");
        CHILDREN.put("reservations", "x.id::text");
    }

    private CustomerChecks() {
    }

    static List<IntegrityCheck> all() {
        return List.of(
                new IntegrityCheck("legacy-customer-rows", CustomerChecks::legacyRowsMatchCustomers),
                new IntegrityCheck("customer-orphans", CustomerChecks::noOrphans),
                new IntegrityCheck("customer-profile-and-company", CustomerChecks::everyCustomerHasProfileAndCompany),
                new IntegrityCheck("order-customer-company", CustomerChecks::ordersAgreeWithTheirCustomer),
                new IntegrityCheck("legacy-customer-columns", CustomerChecks::legacyColumnsMatchCustomers));
    }

    /** The contract step (V1000) drops these columns together with the customer rows of users. */
    private static boolean legacyColumnsExist(CheckSql sql) throws SQLException {
        return sql.hasColumn("users", "medical_conditions");
    }

    /** Customers registered through the API get their users row too, so the rule holds both ways. */
    private static Findings legacyRowsMatchCustomers(CheckSql sql) throws SQLException {
        if (!legacyColumnsExist(sql)) {
            return Findings.notApplicable(CONTRACTED);
        }
        return sql.offenders(sql.counts("""
                SELECT (SELECT count(*) FROM users WHERE is_customer) AS users_customers,
                       (SELECT count(*) FROM customers) AS customers"""),
                List.of("users_without_customer", "customers_without_user"), """
                SELECT 'users_without_customer', 'users', u.id FROM users u
                WHERE u.is_customer AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = u.id)
                UNION ALL
                SELECT 'customers_without_user', 'customers', c.id FROM customers c
                WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = c.id AND u.is_customer)""");
    }

    /** One figure per table: its rows whose customer is missing. */
    private static Findings noOrphans(CheckSql sql) throws SQLException {
        return sql.offenders(Map.of(), List.copyOf(CHILDREN.keySet()),
                CheckSql.orphans("customers", "customer_id", CHILDREN));
    }

    private static Findings everyCustomerHasProfileAndCompany(CheckSql sql) throws SQLException {
        return sql.offenders(sql.counts("SELECT count(*) AS customers FROM customers"),
                List.of("without_profile", "without_company"), """
                SELECT 'without_profile', 'customers', c.id FROM customers c
                WHERE NOT EXISTS (SELECT 1 FROM customer_profiles p WHERE p.customer_id = c.id)
                UNION ALL
                SELECT 'without_company', 'customers', c.id FROM customers c
                WHERE NOT EXISTS (SELECT 1 FROM companies co WHERE co.id = c.company_id AND co.tenant_id = c.tenant_id)""");
    }

    /**
     * Each order and reservation is read once, and only the rows that break a rule are split into one row per
     * rule broken. {@code user_id} is compared only while the contract step has not dropped it.
     */
    private static Findings ordersAgreeWithTheirCustomer(CheckSql sql) throws SQLException {
        boolean orderUser = sql.hasColumn("orders", "user_id");
        boolean reservationUser = sql.hasColumn("reservations", "user_id");
        Map<String, Object> figures = sql.counts("""
                SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM reservations) AS reservations""");
        figures.put("legacy_user_id", orderUser || reservationUser);
        List<String> figureNames = new ArrayList<>(List.of("company_mismatch", "tenant_mismatch"));
        if (orderUser || reservationUser) {
            figureNames.add("user_mismatch");
        }
        return sql.offenders(figures, figureNames, """
                SELECT m.figure, x.tbl, x.id
                FROM (SELECT 'orders' AS tbl, o.id, o.company_id IS DISTINCT FROM c.company_id AS company_mismatch,
                             o.tenant_id <> c.tenant_id AS tenant_mismatch, %s AS user_mismatch
                      FROM orders o JOIN customers c ON c.id = o.customer_id
                      UNION ALL
                      SELECT 'reservations', r.id, false, r.tenant_id <> c.tenant_id, %s
                      FROM reservations r JOIN customers c ON c.id = r.customer_id) AS x
                CROSS JOIN LATERAL (VALUES ('company_mismatch', x.company_mismatch),
                                           ('tenant_mismatch', x.tenant_mismatch),
                                           ('user_mismatch', x.user_mismatch)) AS m(figure, offends)
                WHERE (x.company_mismatch OR x.tenant_mismatch OR x.user_mismatch) AND m.offends""".formatted(
                orderUser ? "o.user_id IS DISTINCT FROM o.customer_id" : "false",
                reservationUser ? "r.user_id IS DISTINCT FROM r.customer_id" : "false"));
    }

    /**
     * The comparison the contract step makes before it drops the columns, customer by customer: account, profile
     * and home clinic against the customer's users row. A missing profile counts as a difference.
     */
    private static Findings legacyColumnsMatchCustomers(CheckSql sql) throws SQLException {
        if (!legacyColumnsExist(sql)) {
            return Findings.notApplicable(CONTRACTED);
        }
        return sql.offenders(sql.counts("SELECT count(*) AS customers FROM customers"), List.of("differing"), """
                SELECT 'differing', 'customers', c.id
                FROM customers c
                JOIN users u ON u.id = c.id
                LEFT JOIN customer_profiles p ON p.customer_id = c.id
                LEFT JOIN customer_clinics h ON h.customer_id = c.id AND h.is_home
                WHERE (u.is_customer, u.tenant_id, u.email, u.password_hash, u.role, u.company_id, u.home_clinic_id,
                       u.last_login_at, u.created_at, u.updated_at, u.first_name, u.last_name, u.phone, u.age, u.sex,
                       u.medical_conditions, u.city, u.dietary_restrictions, u.preferences, u.notes)
                      IS DISTINCT FROM
                      (true, c.tenant_id, c.email, c.password_hash, c.role, c.company_id, h.clinic_id,
                       c.last_login_at, c.created_at, c.updated_at, p.first_name, p.last_name, p.phone, p.age, p.sex,
                       p.medical_conditions, p.city, p.dietary_restrictions, p.preferences, p.notes)""");
    }
}
