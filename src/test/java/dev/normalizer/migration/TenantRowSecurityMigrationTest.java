package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * V9: as the service's role, a query without any tenant filter sees the rows of the transaction's tenant and no
 * other's, on every tenant table, child table and view; without a tenant it sees nothing; it cannot write another
 * tenant's rows; and what must span tenants (the audit chain, the triggers) still does.
 */
class TenantRowSecurityMigrationTest {

    /** Each relation, and how the owner counts one tenant's rows of it ({@code ?} is the tenant). */
    private static final Map<String, String> PER_TENANT = Map.ofEntries(
            Map.entry("patient_core", "SELECT count(*) FROM patient_core WHERE tenant_id = ?"),
            Map.entry("patients_flat", "SELECT count(*) FROM patients_flat WHERE tenant_id = ?"),
            Map.entry("v_patients_legacy", "SELECT count(*) FROM v_patients_legacy WHERE tenant_id = ?"),
            Map.entry("patient_contacts", "SELECT count(*) FROM patient_contacts x JOIN patient_core p "
                    + "ON p.id = x.patient_id WHERE p.tenant_id = ?"),
            Map.entry("patient_allergies", "SELECT count(*) FROM patient_allergies x JOIN patient_core p "
                    + "ON p.id = x.patient_id WHERE p.tenant_id = ?"),
            Map.entry("customers", "SELECT count(*) FROM customers WHERE tenant_id = ?"),
            Map.entry("customer_profiles", "SELECT count(*) FROM customer_profiles x JOIN customers c "
                    + "ON c.id = x.customer_id WHERE c.tenant_id = ?"),
            Map.entry("customer_clinics", "SELECT count(*) FROM customer_clinics x JOIN customers c "
                    + "ON c.id = x.customer_id WHERE c.tenant_id = ?"),
            Map.entry("customer_email_duplicates", "SELECT count(*) FROM customer_email_duplicates WHERE tenant_id = ?"),
            Map.entry("users", "SELECT count(*) FROM users WHERE tenant_id = ?"),
            Map.entry("orders", "SELECT count(*) FROM orders WHERE tenant_id = ?"),
            Map.entry("reservations", "SELECT count(*) FROM reservations WHERE tenant_id = ?"),
            Map.entry("clinics", "SELECT count(*) FROM clinics WHERE tenant_id = ?"),
            Map.entry("companies", "SELECT count(*) FROM companies WHERE tenant_id = ?"),
            Map.entry("data_subject_requests", "SELECT count(*) FROM data_subject_requests WHERE tenant_id = ?"),
            Map.entry("tenants", "SELECT count(*) FROM tenants WHERE id = ?"));

    private static String db;

    @BeforeAll
    static void migrated() throws SQLException {
        db = legacyDatabase();
        migrate(db, MigrationDb.LAST_EXPAND_VERSION);
        try (Connection c = TestDatabase.connect(db)) {
            execute(c, """
                    INSERT INTO data_subject_requests (tenant_id, request_type, subject_type, subject_id,
                      subject_public_id, status, received_at, completed_at, handled_by)
                    SELECT t, 'access', 'patient', 1, 'pat_x', 'completed', now(), now(), 'dpo'
                    FROM generate_series(1, 2) t, generate_series(1, t + 1)""");
        }
    }

    @Test
    void aQueryWithoutATenantFilterSeesOnlyTheTransactionsTenant() throws SQLException {
        for (int tenant : List.of(1, 2)) {
            for (Map.Entry<String, String> relation : PER_TENANT.entrySet()) {
                long owners = ownerCount(relation.getValue(), tenant);
                assertTrue(owners > 0 || relation.getKey().equals("customer_email_duplicates"),
                        "the fixture has rows of tenant " + tenant + " in " + relation.getKey());
                assertEquals(owners, countAsService(tenant, "SELECT count(*) FROM " + relation.getKey()),
                        relation.getKey() + " as the service, tenant " + tenant + ", no filter");
            }
        }
        assertEquals(0L, countAsService(1, "SELECT count(*) FROM patient_core WHERE tenant_id = 2"));
        assertTrue(ownerCount("SELECT count(*) FROM customer_email_duplicates WHERE tenant_id <> ?", 0) > 0,
                "the fixture has legacy e-mail duplicates");
    }

    @Test
    void withoutATenantNothingIsVisible() throws SQLException {
        for (String relation : PER_TENANT.keySet()) {
            assertEquals(0L, countAsService(null, "SELECT count(*) FROM " + relation), relation);
        }
        try (Connection c = TestDatabase.connectAsService(db)) {
            c.setAutoCommit(false);
            execute(c, "SELECT set_config('app.tenant_id', '1', true)");
            c.commit();
            assertEquals("", string(c, "SELECT current_setting('app.tenant_id', true)"),
                    "a pooled connection after a tenant's transaction: an empty setting, not none");
            assertEquals(0L, scalar(c, "SELECT count(*) FROM patient_core"), "and still no rows, nor an error");
        }
    }

    @Test
    void anotherTenantsRowsCannotBeWrittenOrMovedThere() throws SQLException {
        long theirPatient = ownerCount("SELECT min(id) FROM patient_core WHERE tenant_id = ?", 2);
        long theirCustomer = ownerCount("SELECT min(id) FROM customers WHERE tenant_id = ?", 2);
        asService(1, c -> {
            assertAll(
                    refused(c, "INSERT INTO patient_core (tenant_id, first_name, surname) VALUES (2, 'Eve', 'Other')"),
                    refused(c, "UPDATE patient_core SET tenant_id = 2 WHERE id = (SELECT min(id) FROM patient_core)"),
                    refused(c, "INSERT INTO patient_contacts (patient_id, kind, value) VALUES (" + theirPatient
                            + ", 'fax', '1')"),
                    refused(c, "INSERT INTO customer_sessions (customer_id, token_hash, expires_at) VALUES ("
                            + theirCustomer + ", repeat('a', 64), now() + interval '1 hour')"));
            assertEquals(0L, scalar(c, "WITH u AS (UPDATE patient_core SET surname = 'X' WHERE id = " + theirPatient
                    + " RETURNING 1) SELECT count(*) FROM u"), "another tenant's rows are not there to update");
            return null;
        });
    }

    @Test
    void theAuditChainSpansTenantsAndStaysTheOwnersToVerifyAndPurge() throws SQLException {
        for (int tenant : List.of(1, 2, 1)) {
            try (Connection c = TestDatabase.connectAsService(db)) {
                c.setAutoCommit(false);
                execute(c, "SELECT set_config('app.tenant_id', '" + tenant + "', true)");
                execute(c, "INSERT INTO audit_events (chain, actor, tenant_id, action, entity_id) "
                        + "VALUES ('order', 'clerk', " + tenant + ", 'read', '1')");
                c.commit();
            }
        }
        try (Connection c = TestDatabase.connect(db)) {
            assertEquals("1:1,2:2,3:1", string(c, "SELECT string_agg(seq || ':' || tenant_id, ',' ORDER BY seq) "
                    + "FROM audit_events WHERE chain = 'order'"), "one chain, numbered across tenants");
            assertEquals(0L, scalar(c, "SELECT count(*) FROM audit_chain_breaks()"));
        }
        asService(1, c -> {
            assertEquals(2L, scalar(c, "SELECT count(*) FROM audit_events WHERE chain = 'order'"));
            assertAll(refused(c, "SELECT * FROM audit_chain_breaks()"),
                    refused(c, "SELECT audit_purge('order', now(), 'me')"),
                    refused(c, "DELETE FROM audit_events"),
                    refused(c, "SELECT * FROM audit_retention"),
                    refused(c, "SELECT * FROM flyway_schema_history"));
            return null;
        });
    }

    @Test
    void theTriggersOfTheServicesWritesStillWork() throws SQLException {
        asService(1, c -> {
            long customer = scalar(c, "SELECT min(id) FROM customers");
            long order = scalar(c, "INSERT INTO orders (tenant_id, customer_id, clinic_id, total_cents, currency, "
                    + "status) VALUES (1, " + customer + ", (SELECT min(id) FROM clinics), 100, 'EUR', 'paid') "
                    + "RETURNING id");
            assertEquals(scalar(c, "SELECT company_id FROM customers WHERE id = " + customer),
                    scalar(c, "SELECT company_id FROM orders WHERE id = " + order), "the company from the customer");
            assertEquals(customer, scalar(c, "SELECT user_id FROM orders WHERE id = " + order));
            assertTrue(string(c, "SELECT public_id FROM orders WHERE id = " + order).startsWith("ord_"));
            assertEquals(1L, scalar(c, "SELECT count(*) FROM customer_clinics WHERE customer_id = " + customer
                    + " AND clinic_id = (SELECT min(id) FROM clinics)"));
            return null;
        });
    }

    @Test
    void refusesToGrantARoleThatWouldBypassRowSecurity() {
        String legacy = legacyDatabase();
        FlywayException owner = assertThrows(FlywayException.class, () -> MigrationDb
                .flyway(legacy, MigrationDb.LAST_EXPAND_VERSION, EmbeddedDatabase.OWNER).migrate());
        assertTrue(owner.getMessage().contains("the service's database role \"postgres\" would bypass row-level "
                + "security (it is the role that migrates and owns the tables)"), owner.getMessage());
        // V9 commits table by table (ShortLocks units), so Flyway records the refusal as a failed V9, which its first
        // unit left without any change: `repair` and a new attempt, as docs/dba.md says.
        MigrationDb.flyway(legacy, MigrationDb.LAST_EXPAND_VERSION, "nobody_here").repair();
        FlywayException missing = assertThrows(FlywayException.class, () -> MigrationDb
                .flyway(legacy, MigrationDb.LAST_EXPAND_VERSION, "nobody_here").migrate());
        assertTrue(missing.getMessage().contains("the service's database role \"nobody_here\" does not exist"),
                missing.getMessage());
    }

    /** As the service's role, in a transaction whose tenant is {@code tenant} (none when null), rolled back after. */
    private static <T> T asService(Integer tenant, MigrationDb.Work<T> work) throws SQLException {
        return MigrationDb.asService(db, tenant, work);
    }

    private static long countAsService(Integer tenant, String sql) throws SQLException {
        return asService(tenant, c -> scalar(c, sql));
    }

    private static long ownerCount(String sql, int tenant) throws SQLException {
        try (Connection c = TestDatabase.connect(db); PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, tenant);
            try (var row = s.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The statement fails for lack of privilege or by a policy (SQLSTATE 42501), behind a savepoint. */
    private static Executable refused(Connection c, String sql) throws SQLException {
        var savepoint = c.setSavepoint();
        SQLException e = assertThrows(SQLException.class, () -> execute(c, sql), sql);
        c.rollback(savepoint);
        return () -> assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
    }
}
