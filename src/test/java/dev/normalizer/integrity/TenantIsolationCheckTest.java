package dev.normalizer.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.migration.MigrationDb;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The check tenant-isolation: up on the migrated schema; down, naming them, when a tenant table (a tenant_id, or a
 * foreign key into one) has no row-level security or no policy, or a view reads with its owner's rights.
 */
class TenantIsolationCheckTest {

    @Test
    void aTableOrViewThatSkipsRowSecurityIsNamed() throws SQLException {
        String db = MigrationDb.legacyDatabase();
        MigrationDb.migrate(db, MigrationDb.LAST_EXPAND_VERSION);
        try (Connection c = TestDatabase.connect(db)) {
            CheckResult migrated = tenantIsolation(c);
            assertTrue(migrated.up(), migrated.toString());
            assertEquals(24L, migrated.figures().get("tenant_tables"));

            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("""
                        ALTER TABLE patient_contacts DISABLE ROW LEVEL SECURITY;
                        DROP POLICY tenant_isolation ON orders;
                        CREATE TABLE invoices (id serial PRIMARY KEY, tenant_id integer);
                        CREATE TABLE invoice_lines (invoice_id integer REFERENCES invoices (id));
                        ALTER VIEW v_patients_legacy RESET (security_invoker);
                        CREATE VIEW paid_orders AS SELECT * FROM orders WHERE status = 'paid'""");
            }
            CheckResult broken = tenantIsolation(c);
            c.rollback();

            assertFalse(broken.up());
            assertEquals(26L, broken.figures().get("tenant_tables"));
            assertEquals(4L, broken.figures().get("without_row_security"));
            assertEquals(2L, broken.figures().get("views_bypassing_row_security"));
            assertEquals(Set.of("table:patient_contacts", "table:orders", "table:invoices", "table:invoice_lines",
                    "view:v_patients_legacy", "view:paid_orders"), Set.copyOf(broken.offendingIds()));
        }
    }

    private static CheckResult tenantIsolation(Connection c) {
        List<CheckResult> results = IntegritySuite.runAll(c, 10);
        return results.stream().filter(r -> r.name().equals("tenant-isolation")).findFirst().orElseThrow();
    }
}
