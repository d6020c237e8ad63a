package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.scalar;


import dev.normalizer.customer.LegacyCustomerColumns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Writes made as the service makes them at version 4, in SQL, and the ids of what they wrote or changed. */
record ServiceWrites(long newPatient, List<Long> changedPatients, long newCustomer, List<Long> changedCustomers,
        long newOrder, long newReservation) {

    /**
     * Writes as the service makes them at version 4: a new patient and changes to two patients' child rows in the
     * normalized tables; a registration, a profile change and a login, each mirrored into users in the same
     * transaction as LegacyCustomerColumns does; an order and a reservation by customer_id.
     */
    static ServiceWrites make(Connection c) throws SQLException {
        c.setAutoCommit(false);
        long patient = scalar(c, "INSERT INTO patient_core (tenant_id, mrn, first_name, surname, date_of_birth, sex, "
                + "created_at, created_by) VALUES (1, 'MRN-R-1', 'Ada', 'Lovelace', '1815-12-10', 'F', "
                + "'2026-11-21 10:00:00.123456', 'api') RETURNING id");
        execute(c, """
                INSERT INTO patient_personal (patient_id, blood_type, consent_sms) VALUES (%1$d, 'O+', 'Y');
                INSERT INTO patient_contacts (patient_id, kind, value, extension)
                  VALUES (%1$d, 'phone_mobile', '+44 20 7946 0001', NULL), (%1$d, 'phone_work', NULL, '42');
                INSERT INTO patient_address (patient_id, slot, line1, city, country, valid_from)
                  VALUES (%1$d, 0, '12 St James''s Square', 'London', 'GB', '1835-01-01');
                INSERT INTO patient_family (patient_id, relation, phone) VALUES (%1$d, 'mother', '+44 20 7946 0002');
                INSERT INTO patient_allergies (patient_id, slot, allergen, severity) VALUES (%1$d, 2, 'penicillin', 'high');
                INSERT INTO patient_medications (patient_id, slot, name) VALUES (%1$d, 3, 'laudanum')
                """.formatted(patient));
        long allergic = scalar(c, "SELECT min(patient_id) FROM patient_allergies");
        long reachable = scalar(c, "SELECT min(patient_id) FROM patient_contacts WHERE patient_id <> " + allergic);
        execute(c, """
                UPDATE patient_allergies SET severity = CASE WHEN severity = 'severe' THEN 'mild' ELSE 'severe' END
                  WHERE patient_id = %1$d AND slot = (SELECT min(slot) FROM patient_allergies WHERE patient_id = %1$d);
                DELETE FROM patient_contacts WHERE patient_id = %2$d
                  AND kind = (SELECT min(kind) FROM patient_contacts WHERE patient_id = %2$d);
                UPDATE patient_core SET updated_at = '2026-11-21 10:05:00', updated_by = 'api' WHERE id IN (%1$d, %2$d)
                """.formatted(allergic, reachable));

        long customer = scalar(c, "SELECT nextval('users_id_seq')");
        execute(c, """
                INSERT INTO customers (id, tenant_id, email, password_hash, role, company_id, created_at)
                  SELECT %1$d, 1, 'Grace.Hopper@example.org', '$2b$10$' || repeat('x', 53), 'customer', d.id,
                         '2026-11-21 10:10:00.5'
                  FROM companies d WHERE d.tenant_id = 1 AND d.is_default;
                INSERT INTO customer_profiles (customer_id, first_name, last_name, city, preferences)
                  VALUES (%1$d, 'Grace', 'Hopper', 'Arlington', '{"newsletter": true}');
                INSERT INTO customer_clinics (customer_id, clinic_id, is_home) VALUES (%1$d, 1, true)
                """.formatted(customer));
        mirror(c, customer);
        long edited = scalar(c, "SELECT min(id) FROM customers WHERE tenant_id = 1");
        execute(c, "UPDATE customer_profiles SET city = 'Cobh', notes = 'moved' WHERE customer_id = " + edited
                + "; UPDATE customers SET updated_at = '2026-11-21 10:15:00' WHERE id = " + edited);
        mirror(c, edited);
        long loggedIn = scalar(c, "SELECT min(id) FROM customers WHERE tenant_id = 1 AND id > " + edited);
        execute(c, "INSERT INTO customer_sessions (customer_id, token_hash, created_at, expires_at) VALUES ("
                + loggedIn + ", repeat('ab', 32), localtimestamp, localtimestamp + interval '12 hours'); "
                + "UPDATE customers SET last_login_at = localtimestamp WHERE id = " + loggedIn);
        mirror(c, loggedIn);
        long order = scalar(c, "INSERT INTO orders (tenant_id, customer_id, clinic_id, total_cents, status) VALUES (1, "
                + customer + ", 2, 4200, 'placed') RETURNING id");
        long reservation = scalar(c, "INSERT INTO reservations (tenant_id, customer_id, clinic_id, starts_at) "
                + "VALUES (1, " + customer + ", 3, '2026-12-01 09:30') RETURNING id");
        c.commit();
        c.setAutoCommit(true);
        return new ServiceWrites(patient, RollbackTest.ids(List.of(allergic, reachable)), customer,
                RollbackTest.ids(List.of(edited, loggedIn)), order, reservation);
    }

    /** The statement of LegacyCustomerColumns: the customer's account, profile and home clinic into users. */
    private static void mirror(Connection c, long customer) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LegacyCustomerColumns.MIRROR.replace("?1", "?"))) {
            s.setLong(1, customer);
            s.executeUpdate();
        }
    }
}
