package dev.normalizer.customer;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bad input on the customer, order, reservation and company endpoints is a problem+json answer, never a 500. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CustomerBadInputTest {

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body(not(containsString("Exception"))).body(not(containsString("dev.normalizer")))
                .body(not(containsString("INSERT"))).body(not(containsString("SELECT")));
    }

    private static ValidatableResponse violation(ValidatableResponse response, String field) {
        return problem(response, 400).body("violations.field", hasItem(field));
    }

    private static ValidatableResponse post(ReadPath path, String uri, Object body) {
        return on(path).contentType("application/json").body(body).post(uri).then();
    }

    private static Map<String, Object> registration(Object... pairs) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("email", "bad-input@x.example",
                "password", "long enough password"));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void malformedJsonAndWrongTypesAre400(ReadPath path) {
        problem(post(path, "/api/customers", "{\"email\": "), 400);
        problem(post(path, "/api/orders", "not json"), 400);
        violation(post(path, "/api/customers", registration("age", "old")), "age");
        violation(post(path, "/api/orders", Map.of("customerId", "one", "totalCents", 1, "currency", "EUR")),
                "customerId");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void nonNumericIdsAre400(ReadPath path) {
        violation(on(path).get("/api/customers/abc").then(), "id");
        violation(on(path).get("/api/orders/1.5").then(), "id");
        violation(on(path).get("/api/reservations/-3").then(), "id");
        violation(on(path).post("/api/reservations/x/cancel").then(), "id");
        violation(on(path).get("/api/companies/99999999999/customers").then(), "id");
        violation(on(path).get("/api/customers?companyId=first").then(), "companyId");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void pageSizeOver200Is400(ReadPath path) {
        violation(on(path).get("/api/customers?size=201").then(), "size");
        violation(on(path).get("/api/customers/1/orders?size=500").then(), "size");
        violation(on(path).get("/api/companies/1/customers?page=-1").then(), "page");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void invalidRegistrationsAre400(ReadPath path) {
        violation(post(path, "/api/customers", registration("password", "too short")), "password");
        violation(post(path, "/api/customers", registration("email", "not-an-email")), "email");
        violation(post(path, "/api/customers", registration("firstName", "x".repeat(101))), "firstName");
        violation(post(path, "/api/customers", registration("age", 151)), "age");
        violation(post(path, "/api/customers", registration("preferences", List.of(1, 2))), "preferences");
        violation(post(path, "/api/customers", registration("companyId", 5)), "companyId");
        violation(post(path, "/api/customers", registration("homeClinicId", 6)), "homeClinicId");
        violation(post(path, "/api/customers/login", Map.of("email", "a@b.example")), "password");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void invalidOrdersAndReservationsAre400(ReadPath path) {
        violation(post(path, "/api/orders", Map.of("customerId", 999_999, "totalCents", 1, "currency", "EUR")),
                "customerId");
        violation(post(path, "/api/orders", Map.of("customerId", 87, "clinicId", 4, "totalCents", 1,
                "currency", "EUR")), "clinicId");
        violation(post(path, "/api/orders", Map.of("customerId", 87, "totalCents", -1, "currency", "eur")),
                "currency");
        violation(post(path, "/api/reservations", Map.of("customerId", 87, "clinicId", 1,
                "startsAt", "2027-02-30T10:00:00")), "startsAt");
        violation(post(path, "/api/reservations", Map.of("customerId", 87, "clinicId", 1,
                "startsAt", "2027-02-03T10:00:00", "partySize", 0)), "partySize");
        violation(post(path, "/api/reservations", Map.of("customerId", 87, "startsAt", "2027-02-03T10:00:00")),
                "clinicId");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void unknownAndForeignIdsAre404AndWrongContentTypeIs415(ReadPath path) {
        problem(on(path).contentType("application/json").body(Map.of()).put("/api/customers/999999/profile").then(),
                404);
        problem(on(path).post("/api/reservations/999999/cancel").then(), 404);
        problem(on(path).contentType("text/plain").body("x").post("/api/customers").then(), 415);
    }
}
