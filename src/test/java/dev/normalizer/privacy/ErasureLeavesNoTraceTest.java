package dev.normalizer.privacy;

import static dev.normalizer.testsupport.Api.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.auth.Roles;
import dev.normalizer.integrity.CheckResult;
import dev.normalizer.integrity.IntegritySuite;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.ScratchDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Erases a legacy patient and a legacy customer of the fixture, then dumps every row of every table of the
 * database (all schemas, as COPY text, like a data-only pg_dump) and searches it for their name, e-mail and phone.
 * The subjects are chosen so that nobody else shares those values, and the same search finds them before the
 * erasure, so a miss afterwards means the data is gone.
 */
@QuarkusTest
@WithTestResource(ScratchDatabaseResource.class)
@TestProfile(ErasureLeavesNoTraceTest.OwnDatabase.class)
class ErasureLeavesNoTraceTest {

    /** A profile of its own, so that this database (whose fixture rows get erased) serves no other test class. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("integrity.interval", "0");
        }
    }

    /** A legacy patient whose name, e-mail and mobile number no other row of the legacy data holds. */
    private static final String UNIQUE_PATIENT = """
            SELECT p.id, p.first_name, p.surname, p.email, p.phone_mobile FROM patients_flat p
            WHERE p.tenant_id = 1 AND NOT p.gdpr_restricted AND p.email IS NOT NULL AND p.phone_mobile IS NOT NULL
              AND p.first_name ~ '^[A-Za-z]+$' AND p.surname ~ '^[A-Za-z]+$'
              AND NOT EXISTS (SELECT 1 FROM patients_flat o WHERE o.id <> p.id AND (
                    (o.first_name = p.first_name AND o.surname = p.surname)
                    OR o::text LIKE '%' || p.first_name || ' ' || p.surname || '%'
                    OR o::text LIKE '%' || p.email || '%' OR o::text LIKE '%' || p.phone_mobile || '%'))
              AND NOT EXISTS (SELECT 1 FROM users u WHERE (u.first_name = p.first_name AND u.last_name = p.surname)
                    OR u::text LIKE '%' || p.email || '%' OR u::text LIKE '%' || p.phone_mobile || '%')
            ORDER BY p.id LIMIT 1""";

    /** A legacy customer whose name, e-mail and phone no other row of the legacy data holds. */
    private static final String UNIQUE_CUSTOMER = """
            SELECT u.id, u.first_name, u.last_name, u.email, u.phone FROM users u
            WHERE u.tenant_id = 1 AND u.is_customer AND u.phone IS NOT NULL
              AND u.first_name ~ '^[A-Za-z]+$' AND u.last_name ~ '^[A-Za-z]+$' AND u.email ~ '^[A-Za-z0-9.@_+-]+$'
              AND EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)
              AND NOT EXISTS (SELECT 1 FROM users o WHERE o.id <> u.id AND (
                    (o.first_name = u.first_name AND o.last_name = u.last_name)
                    OR lower(o::text) LIKE '%' || lower(u.email) || '%' OR o::text LIKE '%' || u.phone || '%'))
              AND NOT EXISTS (SELECT 1 FROM patients_flat p WHERE (p.first_name = u.first_name AND p.surname = u.last_name)
                    OR p::text LIKE '%' || u.first_name || ' ' || u.last_name || '%'
                    OR lower(p::text) LIKE '%' || lower(u.email) || '%' OR p::text LIKE '%' || u.phone || '%')
            ORDER BY u.id LIMIT 1""";

    /** Who a subject is: the values the dump is searched for. */
    record Identity(long id, String firstName, String lastName, String email, String phone) {
    }

    @Inject
    IntegritySuite integrity;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void anErasedPatientAndCustomerAppearNowhereInADumpOfTheWholeDatabase() throws Exception {
        Identity patient = identity(UNIQUE_PATIENT);
        Identity customer = identity(UNIQUE_CUSTOMER);
        String before = dump();
        for (Identity subject : List.of(patient, customer)) {
            assertEquals(List.of("name", "email", "phone"), tracesOf(subject, before),
                    "the search finds " + subject + " before the erasure");
        }
        long auditEventsBefore = number("SELECT count(*) FROM audit_events");

        on(ReadPath.NORMALIZED, 1, Roles.DPO).post("/api/privacy/patients/{id}/erasure", patient.id())
                .then().statusCode(201);
        on(ReadPath.LEGACY, 1, Roles.DPO).post("/api/privacy/customers/{id}/erasure", customer.id())
                .then().statusCode(201);

        String after = dump();
        assertEquals(List.of(), tracesOf(patient, after), "patient " + patient.id() + " left traces");
        assertEquals(List.of(), tracesOf(customer, after), "customer " + customer.id() + " left traces");

        assertEquals(1, number("SELECT count(*) FROM patient_core WHERE id = " + patient.id()
                + " AND erased_at IS NOT NULL AND gdpr_restricted"), "the patient's tombstone");
        assertEquals(1, number("SELECT count(*) FROM patients_flat WHERE id = " + patient.id()), "the flat row");
        assertTrue(number("SELECT count(*) FROM orders WHERE customer_id = " + customer.id()) > 0,
                "the customer's orders stay, pointing at its tombstone");
        assertEquals(auditEventsBefore + 2, number("SELECT count(*) FROM audit_events"), "two erase events added");
        assertEquals(0, number("SELECT count(*) FROM audit_chain_breaks()"), "the audit chain is intact");
        for (CheckResult check : integrity.runAll()) {
            assertTrue(check.up(), "integrity check after erasure: " + check);
        }
    }

    /** Which of the subject's values the dump still holds: its name (both parts in one row), e-mail, phone. */
    private static List<String> tracesOf(Identity subject, String dump) {
        List<String> traces = new ArrayList<>();
        boolean name = dump.contains(subject.firstName() + " " + subject.lastName()) || dump.lines()
                .map(line -> Arrays.asList(line.split("\t", -1)))
                .anyMatch(fields -> fields.contains(subject.firstName()) && fields.contains(subject.lastName()));
        if (name) {
            traces.add("name");
        }
        if (dump.toLowerCase().contains(subject.email().toLowerCase())) {
            traces.add("email");
        }
        if (dump.contains(subject.phone())) {
            traces.add("phone");
        }
        return traces;
    }

    private Identity identity(String sql) throws SQLException {
        try (Connection c = owner(); Statement s = c.createStatement(); ResultSet row = s.executeQuery(sql)) {
            assertTrue(row.next(), "the fixture has a subject with unique values: " + sql);
            return new Identity(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                    row.getString(5));
        }
    }

    /** Every row of every table in every schema but PostgreSQL's own, as COPY text. */
    private String dump() throws SQLException, IOException {
        StringWriter out = new StringWriter();
        try (Connection c = owner(); Statement s = c.createStatement(); ResultSet tables = s.executeQuery("""
                SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1""")) {
            CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            assertTrue(names.size() > 20, "the dump covers the schema: " + names);
            for (String table : names) {
                out.write("-- " + table + "\n");
                copy.copyOut("COPY (SELECT * FROM " + table + ") TO STDOUT", out);
            }
        }
        return out.toString();
    }

    private long number(String sql) throws SQLException {
        try (Connection c = owner(); Statement s = c.createStatement(); ResultSet row = s.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The database's owner, who sees every row whatever the row-level security. */
    private Connection owner() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }
}
