package dev.normalizer.integrity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.MatcherAssert.assertThat;

import dev.normalizer.testsupport.ScratchDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Breaks the data of a database of its own behind the service's back (triggers and foreign keys off, as a careless
 * script would) and sees the named check of /q/health/group/integrity go down with the offending ids. Each test
 * breaks different rows, so their order does not matter.
 */
@QuarkusTest
@WithTestResource(ScratchDatabaseResource.class)
@TestProfile(IntegrityBreakageTest.RunOnDemand.class)
class IntegrityBreakageTest {

    /** No background run: each test runs the suite itself, after breaking the data. */
    public static class RunOnDemand implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("integrity.interval", "0");
        }
    }

    @Inject
    IntegritySuite suite;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /**
     * The first, a middle and the last patient: below, inside and above the ids that remain. The first offending
     * ids are shared out among the child tables, so the three show in the count of patient_personal rows.
     */
    @Test
    void deletedPatientsLeaveOrphansAndMissingLegacyRows() throws SQLException {
        long first = number("SELECT min(id) FROM patient_core");
        long last = number("SELECT max(id) FROM patient_core");
        long middle = number("SELECT min(patient_id) FROM patient_contacts WHERE patient_id > " + (first + last) / 2);
        behindTheServicesBack("DELETE FROM patient_core WHERE id IN (%d, %d, %d)".formatted(first, middle, last));

        assertDown("patient-orphans", "patient_personal:" + first)
                .body(figure("patient-orphans", "patient_personal"), equalTo(3))
                .body(figure("patient-orphans", "patient_contacts"), greaterThan(0));
        assertDown("legacy-patient-rows", "patients_flat:" + first, "patients_flat:" + middle, "patients_flat:" + last)
                .body(figure("legacy-patient-rows", "missing_in_core"), equalTo(3));
    }

    /** Without its trigger, the compatibility view patients no longer takes the legacy application's writes. */
    @Test
    void legacyWayInWithoutItsTriggerIsReported() throws SQLException {
        behindTheServicesBack("DROP TRIGGER patients_write ON patients");
        try {
            suite.refresh();
            given().get("/q/health/group/integrity").then().statusCode(503)
                    .body("checks.find { it.name == 'patient-online-expand' }.status", equalTo("DOWN"))
                    .body(figure("patient-online-expand", "sync_triggers"), equalTo(0))
                    .body(figure("patient-online-expand", "cut_over"), equalTo(true));
        } finally {
            behindTheServicesBack("CREATE TRIGGER patients_write INSTEAD OF INSERT OR UPDATE OR DELETE ON patients "
                    + "FOR EACH ROW EXECUTE FUNCTION patients_write()");
        }
    }

    @Test
    void patientEditedWithoutItsTimestampMakesTheLegacyViewDiffer() throws SQLException {
        long patient = number("SELECT max(id) FROM patient_core");
        behindTheServicesBack("UPDATE patient_core SET surname = surname || ' (edited)' WHERE id = " + patient);

        assertDown("legacy-patient-view", "patients_flat:" + patient)
                .body(figure("legacy-patient-view", "differing"), equalTo(1));
    }

    /**
     * With the keys off, a child row can be given another tenant than its patient's: its policy would then show it to
     * that tenant. A patient of the first half, but neither the first nor the middle one, which another test deletes.
     */
    @Test
    void childRowOfAnotherTenantThanItsPatientIsReported() throws SQLException {
        long allergy = number("""
                SELECT min(a.id) FROM patient_allergies a
                WHERE a.patient_id > (SELECT min(id) + 5 FROM patient_core)
                  AND a.patient_id < (SELECT (min(id) + max(id)) / 2 FROM patient_core)""");
        behindTheServicesBack("UPDATE patient_allergies SET tenant_id = (SELECT min(id) FROM tenants "
                + "WHERE id <> patient_allergies.tenant_id) WHERE id = " + allergy);

        assertDown("patient-child-tenants", "patient_allergies:" + allergy)
                .body(figure("patient-child-tenants", "patient_allergies"), equalTo(1))
                .body(figure("patient-child-tenants", "patient_contacts"), equalTo(0));
    }

    /** A customer with orders, but not one that another test here picks (first, last, owner of the last order). */
    @Test
    void deletedCustomerLeavesOrphansAndALegacyRowWithoutCustomer() throws SQLException {
        long customer = number("""
                SELECT min(o.customer_id) FROM orders o
                WHERE o.customer_id > (SELECT min(id) FROM customers) AND o.customer_id < (SELECT max(id) FROM customers)
                  AND o.customer_id <> (SELECT customer_id FROM orders ORDER BY id DESC LIMIT 1)""");
        long order = number("SELECT min(id) FROM orders WHERE customer_id = " + customer);
        behindTheServicesBack("DELETE FROM customers WHERE id = " + customer);

        assertDown("customer-orphans", "orders:" + order, "customer_profiles:" + customer)
                .body(figure("customer-orphans", "customer_profiles"), equalTo(1));
        assertDown("legacy-customer-rows", "users:" + customer)
                .body(figure("legacy-customer-rows", "users_without_customer"), equalTo(1));
    }

    @Test
    void deletedCustomerProfileIsReported() throws SQLException {
        long customer = number("SELECT min(id) FROM customers");
        behindTheServicesBack("DELETE FROM customer_profiles WHERE customer_id = " + customer);

        assertDown("customer-profile-and-company", "customers:" + customer)
                .body(figure("customer-profile-and-company", "without_profile"), equalTo(1));
    }

    @Test
    void orderMovedToAnotherCompanyIsReported() throws SQLException {
        long order = number("SELECT max(id) FROM orders");
        behindTheServicesBack("UPDATE orders o SET company_id = "
                + "(SELECT min(c.id) FROM companies c WHERE c.id <> o.company_id) WHERE o.id = " + order);

        assertDown("order-customer-company", "orders:" + order)
                .body(figure("order-customer-company", "company_mismatch"), equalTo(1));
    }

    @Test
    void legacyColumnEditedBehindTheServicesBackIsReported() throws SQLException {
        long customer = number("SELECT max(id) FROM customers");
        behindTheServicesBack("UPDATE users SET city = 'edited behind the service' WHERE id = " + customer);

        assertDown("legacy-customer-columns", "customers:" + customer);
    }

    @Test
    void droppedIndexAndForeignKeyAreReported() throws SQLException {
        behindTheServicesBack("DROP INDEX patient_core_tenant_mrn_idx",
                "ALTER TABLE patient_gp DROP CONSTRAINT patient_gp_patient_id_fkey");

        assertDown("indexes-and-foreign-keys", "index:patient_core_tenant_mrn_idx",
                "foreign_key:patient_gp(patient_id)->patient_core")
                .body(figure("indexes-and-foreign-keys", "missing_indexes"), equalTo(1))
                .body(figure("indexes-and-foreign-keys", "missing_foreign_keys"), equalTo(1));
    }

    @Test
    void aTenantTableWithoutRowSecurityIsReported() throws SQLException {
        behindTheServicesBack("ALTER TABLE patient_contacts DISABLE ROW LEVEL SECURITY");

        assertDown("tenant-isolation", "table:patient_contacts")
                .body(figure("tenant-isolation", "without_row_security"), equalTo(1))
                .body(figure("tenant-isolation", "views_bypassing_row_security"), equalTo(0));
    }

    @Test
    void failedMigrationInTheHistoryIsReported() throws SQLException {
        behindTheServicesBack("""
                INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                                   installed_by, execution_time, success)
                VALUES (999, '999', 'failed on purpose', 'SQL', 'V999__failed_on_purpose.sql', 0, 'test', 0, false)""");

        assertDown("flyway-history", "flyway_schema_history:999")
                .body(figure("flyway-history", "failed"), equalTo(1));
    }

    /** Runs the suite now, then checks that the group and the named check are down and name every given id. */
    private ValidatableResponse assertDown(String check, String... ids) {
        suite.refresh();
        ValidatableResponse response = given().get("/q/health/group/integrity").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == '%s' }.status".formatted(check), equalTo("DOWN"));
        String offending = response.extract().path("checks.find { it.name == '%s' }.data.offendingIds"
                .formatted(check));
        assertThat(Arrays.asList(offending.split(", ")), hasItems(ids));
        return response;
    }

    private static String figure(String check, String figure) {
        return "checks.find { it.name == '%s' }.data.%s".formatted(check, figure);
    }

    /** Runs statements as a script outside the service would: with triggers and foreign-key checks off. */
    private void behindTheServicesBack(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            for (String sql : List.of(statements)) {
                s.execute(sql);
            }
        }
    }

    private long number(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement s = c.createStatement(); ResultSet row = s.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
