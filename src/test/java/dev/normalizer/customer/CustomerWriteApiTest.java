package dev.normalizer.customer;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Registration, profile updates, orders and reservations write the normalized tables and keep the legacy
 * {@code users} columns in step, so both read paths (and a flag turned off) see every write.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CustomerWriteApiTest {

    private static final AtomicInteger SEQ = new AtomicInteger();
    /** The legacy projection of a customer, compared with the normalized one after every write. */
    private static final String LEGACY = "SELECT concat_ws('|', email, password_hash, first_name, last_name, phone, "
            + "company_id, home_clinic_id, age, sex, city, preferences, notes, last_login_at, created_at, updated_at) "
            + "FROM users WHERE is_customer AND id = ?";
    private static final String NORMALIZED = "SELECT concat_ws('|', c.email, c.password_hash, p.first_name, "
            + "p.last_name, p.phone, c.company_id, (SELECT clinic_id FROM customer_clinics WHERE customer_id = c.id "
            + "AND is_home), p.age, p.sex, p.city, p.preferences, p.notes, c.last_login_at, c.created_at, c.updated_at) "
            + "FROM customers c JOIN customer_profiles p ON p.customer_id = c.id WHERE c.id = ?";

    static long register(ReadPath path, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("email", "reg" + SEQ.incrementAndGet() + "@x.example",
                "password", "correct horse battery", "firstName", "Reg"));
        body.putAll(extra);
        return on(path).contentType("application/json").body(body).post("/api/customers")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static void assertLegacyInStep(long id) {
        assertEquals(Sql.value(NORMALIZED, id), Sql.value(LEGACY, id), "users row of customer " + id);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void registrationStoresABcryptHashAndMirrorsIntoUsers(ReadPath path) {
        String email = "Ada" + SEQ.incrementAndGet() + "@Example.org";
        on(path).contentType("application/json")
                .body(Map.of("email", email, "password", "twelve chars!", "firstName", "Ada", "age", 36,
                        "homeClinicId", 2, "preferences", Map.of("lang", "en", "tags", java.util.List.of(1, 2))))
                .post("/api/customers")
                .then().statusCode(201).header("Location", endsWith("/api/customers/"
                        + Sql.count("SELECT max(id) FROM customers")))
                .body("email", equalTo(email)).body("firstName", equalTo("Ada")).body("age", equalTo(36))
                .body("homeClinicId", equalTo(2)).body("preferences.lang", equalTo("en"))
                .body("companyId", equalTo((int) Sql.count("SELECT id FROM companies WHERE tenant_id = 1 AND is_default")))
                .body("createdAt", notNullValue()).body("lastLoginAt", nullValue());
        long id = Sql.count("SELECT max(id) FROM customers");
        String hash = (String) Sql.value("SELECT password_hash FROM customers WHERE id = ?", id);
        assertTrue(hash.startsWith("$2b$10$") && hash.length() == 60, hash);
        assertLegacyInStep(id);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void takenEmailInTheSameCompanyIs409IgnoringCase(ReadPath path) {
        String email = "dup" + SEQ.incrementAndGet() + "@x.example";
        register(path, Map.of("email", email, "companyId", 2));
        on(path).contentType("application/json")
                .body(Map.of("email", email.toUpperCase(), "password", "another long one", "companyId", 2))
                .post("/api/customers").then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409));
        register(path, Map.of("email", email.toUpperCase(), "companyId", 3));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void profileUpdateReplacesTheProfileOnBothPaths(ReadPath path) {
        long id = register(path, Map.of("city", "Cork", "phone", "+353 1"));
        on(path).contentType("application/json").body(Map.of("firstName", "New", "notes", "line1\nline2 \"q\""))
                .put("/api/customers/{id}/profile", id)
                .then().statusCode(200).body("firstName", equalTo("New")).body("city", nullValue())
                .body("phone", nullValue()).body("notes", equalTo("line1\nline2 \"q\"")).body("updatedAt", notNullValue());
        assertLegacyInStep(id);
        ReadPath other = path == ReadPath.LEGACY ? ReadPath.NORMALIZED : ReadPath.LEGACY;
        on(other).get("/api/customers/{id}", id).then().statusCode(200).body("firstName", equalTo("New"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void orderTakesItsCustomersCompanyAndReadsTheSameOnBothPaths(ReadPath path) {
        long customer = register(path, Map.of("companyId", 3));
        long order = on(path).contentType("application/json")
                .body(Map.of("customerId", customer, "clinicId", 1, "totalCents", 1999, "currency", "GBP"))
                .post("/api/orders").then().statusCode(201)
                .header("Location", endsWith("/api/orders/" + Sql.count("SELECT max(id) FROM orders")))
                .body("companyId", equalTo(3)).body("status", equalTo("placed")).body("currency", equalTo("GBP"))
                .body("customerId", equalTo((int) customer)).body("placedAt", notNullValue())
                .extract().jsonPath().getLong("id");
        assertEquals(customer, Sql.count("SELECT user_id FROM orders WHERE id = ?", order));
        assertEquals(1L, Sql.count("SELECT count(*) FROM customer_clinics WHERE customer_id = ? AND clinic_id = 1",
                customer));
        ReadPath other = path == ReadPath.LEGACY ? ReadPath.NORMALIZED : ReadPath.LEGACY;
        on(other).get("/api/orders/{id}", order).then().statusCode(200).body("companyId", equalTo(3));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void reservationIsBookedThenCancelledOnceThen409(ReadPath path) {
        long customer = register(path, Map.of());
        long reservation = on(path).contentType("application/json")
                .body(Map.of("customerId", customer, "clinicId", 2, "startsAt", "2027-05-06T09:30:00",
                        "partySize", 3, "notes", "window seat 🙂"))
                .post("/api/reservations").then().statusCode(201)
                .body("status", equalTo("booked")).body("durationMin", equalTo(30)).body("partySize", equalTo(3))
                .body("startsAt", equalTo("2027-05-06T09:30:00")).body("notes", equalTo("window seat 🙂"))
                .extract().jsonPath().getLong("id");
        on(path).post("/api/reservations/{id}/cancel", reservation).then().statusCode(200)
                .body("status", equalTo("cancelled"));
        on(path).post("/api/reservations/{id}/cancel", reservation).then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
        on(path).get("/api/customers/{id}/reservations", customer).then().statusCode(200)
                .body("items[0].status", equalTo("cancelled"));
    }
}
