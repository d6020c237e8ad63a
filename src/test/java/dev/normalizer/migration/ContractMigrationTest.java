package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.md5;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.schema.Migrations;
import dev.normalizer.testsupport.BesideQuarkusTests;
import dev.normalizer.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contract steps: V1000 removes the legacy customer data from users, V1001 drops the flat patients table; each
 * refuses, changing nothing, when it would lose data.
 */
@BesideQuarkusTests
class ContractMigrationTest {

    /** Staff rows over the columns the contract keeps. */
    private static final String STAFF = "SELECT md5(string_agg((id, tenant_id, email, password_hash, role, is_customer, "
            + "first_name, last_name, phone, company_id, home_clinic_id, preferences, notes, last_login_at, created_at, "
            + "updated_at)::text, '' ORDER BY id)) FROM users WHERE NOT is_customer";

    private static long columns(Connection c, String table, String column) throws SQLException {
        return scalar(c, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
                + "AND table_name = '" + table + "' AND column_name = '" + column + "'");
    }

    /** The gate's target is found among the migrations Flyway resolves: a new expand migration moves it. */
    @Test
    void gateStopsAtTheNewestExpandMigration() throws IOException {
        int newest = MigrationDb.expandMigrations().lastKey();
        Migrations migrations = MigrationDb.migrations();
        assertEquals(Integer.toString(newest), migrations.lastExpandVersion());
        assertTrue(newest < Migrations.FIRST_CONTRACT_VERSION, "expand migrations stay below the contract versions");
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/contract"))) {
            List<Integer> contract = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .map(n -> Integer.valueOf(n.substring(1, n.indexOf("__")))).sorted().toList();
            assertEquals(contract, List.copyOf(migrations.all().tailMap(newest + 1).keySet()),
                    "the contract migrations, db/contract, are the only ones above it");
        }
    }

    @Test
    void contractRemovesLegacyCustomerDataAndKeepsStaffAndCustomers() throws SQLException {
        String db = legacyDatabase();
        migrate(db, MigrationDb.LAST_EXPAND_VERSION);
        try (Connection c = TestDatabase.connect(db)) {
            String staff = string(c, STAFF);
            long customers = scalar(c, "SELECT count(*) FROM customers");
            String accounts = md5(c, "customers", "true");
            String profiles = string(c, "SELECT md5(string_agg(p::text, '' ORDER BY customer_id)) "
                    + "FROM customer_profiles p");
            migrate(db, "latest");
            assertAll(
                    () -> assertEquals(staff, string(c, STAFF), "staff rows are untouched"),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM users WHERE is_customer")),
                    () -> assertTrue(scalar(c, "SELECT count(*) FROM users") > 0, "staff remain"),
                    () -> assertEquals(customers, scalar(c, "SELECT count(*) FROM customers")),
                    () -> assertEquals(accounts, md5(c, "customers", "true")),
                    () -> assertEquals(profiles, string(c, "SELECT md5(string_agg(p::text, '' ORDER BY customer_id)) "
                            + "FROM customer_profiles p")),
                    () -> assertEquals(0, columns(c, "users", "medical_conditions")),
                    () -> assertEquals(0, columns(c, "orders", "user_id")),
                    () -> assertEquals(0, columns(c, "reservations", "user_id")),
                    () -> assertEquals(1, scalar(c, "SELECT count(*) FROM flyway_schema_history "
                            + "WHERE version = '1000' AND success")));
            long customer = scalar(c, "SELECT min(id) FROM customers WHERE tenant_id = 1");
            execute(c, "INSERT INTO orders (tenant_id, customer_id, total_cents, status, clinic_id) VALUES (1, "
                    + customer + ", 5, 'placed', 2)");
            assertEquals(scalar(c, "SELECT company_id FROM customers WHERE id = " + customer),
                    scalar(c, "SELECT company_id FROM orders WHERE id = (SELECT max(id) FROM orders)"),
                    "the company trigger still works without user_id");
        }
    }

    @Test
    void contractRefusesAndChangesNothingWhenLegacyColumnsDrifted() throws SQLException {
        String db = legacyDatabase();
        migrate(db, MigrationDb.LAST_EXPAND_VERSION);
        try (Connection c = TestDatabase.connect(db)) {
            long customer = scalar(c, "SELECT min(id) FROM customers");
            // A legacy UPDATE of users reaches customer_profiles (V3's sync trigger); drift is a normalized row
            // edited without the service's mirror into users.
            execute(c, "UPDATE customer_profiles SET city = 'Edited behind the service' WHERE customer_id = "
                    + customer);
            String users = md5(c, "users", "true");
            FlywayException refused = assertThrows(FlywayException.class, () -> migrate(db, "latest"));
            assertTrue(refused.getMessage().contains("contract refused, nothing changed: 1 customer(s)"),
                    refused.getMessage());
            assertAll(
                    () -> assertEquals(users, md5(c, "users", "true")),
                    () -> assertEquals(1, columns(c, "orders", "user_id")),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM flyway_schema_history "
                            + "WHERE version = '1000' AND success")));
        }
    }

    /** The legacy shape of every patient, as consumers read it. */
    private static final String LEGACY_VIEW = "SELECT md5(string_agg(v::text, '' ORDER BY id)) FROM v_patients_legacy v";

    @Test
    void contractDropsTheFlatTableAndTheLegacyShapeStays() throws SQLException {
        String db = legacyDatabase();
        migrate(db, MigrationDb.LAST_EXPAND_VERSION);
        try (Connection c = TestDatabase.connect(db)) {
            String legacyShape = string(c, LEGACY_VIEW);
            long patients = scalar(c, "SELECT count(*) FROM patients_flat");
            migrate(db, "latest");
            assertAll(
                    () -> assertEquals(null, string(c, "SELECT to_regclass('patients_flat')::text")),
                    () -> assertEquals(legacyShape, string(c, LEGACY_VIEW), "the legacy view reads the same"),
                    () -> assertEquals(patients, scalar(c, "SELECT count(*) FROM patient_core")),
                    () -> assertEquals(1, scalar(c, "SELECT count(*) FROM flyway_schema_history "
                            + "WHERE version = '1001' AND success")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a flat row written after the move | UPDATE patients_flat SET notes = 'written behind the service', "
                    + "updated_at = now() WHERE id = 7 | 1 row(s) of patients_flat written after the move",
            "a flat row that the view does not reproduce | UPDATE patients_flat SET notes = 'edited, updated_at kept' "
                    + "WHERE id = 7 | 1 row(s) of patients_flat of unwritten patients that differ",
            "a flat row missing from patient_core | DELETE FROM patient_core WHERE id = 7 "
                    + "| 1 row(s) of patients_flat without a patient_core row"})
    void contractKeepsTheFlatTableWhenDroppingItWouldLoseData(String what, String change, String refusal)
            throws SQLException {
        String db = legacyDatabase();
        migrate(db, MigrationDb.LAST_EXPAND_VERSION);
        try (Connection c = TestDatabase.connect(db)) {
            execute(c, change);
            String flat = md5(c, "patients_flat", "true");
            FlywayException refused = assertThrows(FlywayException.class, () -> migrate(db, "latest"));
            assertTrue(refused.getMessage().contains(refusal), refused.getMessage());
            assertAll(
                    () -> assertEquals(flat, md5(c, "patients_flat", "true"), "the flat table is kept as it was"),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM flyway_schema_history "
                            + "WHERE version = '1001' AND success")));
        }
    }
}
