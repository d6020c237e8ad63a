package dev.normalizer.auth;

import static dev.normalizer.testsupport.Api.on;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.Sql;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The customer self-service endpoints (register, log in, session) answer without a JWT: a customer has none. They
 * name their tenant with {@code X-Tenant-Id}, which authenticates nothing else; a session is found only among the
 * customers of the tenant named. Run once per read path, by the
 * subclasses: without a token the flag sees a tenant and no user.
 */
abstract class CustomerSelfServiceWithoutToken {

    /** The path the flag gives a caller without a token, in the subclass's profile. */
    abstract ReadPath path();

    private RequestSpecification customerOf(int tenant) {
        return given().header("X-Tenant-Id", tenant).contentType("application/json")
                .expect().header(ReadPath.HEADER, equalTo(path().headerValue())).request();
    }

    @Test
    void aCustomerRegistersLogsInAndChecksTheSessionWithoutAJwt() {
        String email = "self-service-" + path().headerValue() + "@x.example";
        long id = customerOf(1).body(Map.of("email", email, "password", "a long enough secret", "city", "Cork"))
                .post("/api/customers").then().statusCode(201).body("email", equalTo(email))
                .extract().jsonPath().getLong("id");
        assertTenant(id, 1);
        String session = customerOf(1).body(Map.of("email", email, "password", "a long enough secret"))
                .post("/api/customers/login").then().statusCode(200).body("customerId", equalTo((int) id))
                .extract().jsonPath().getString("token");
        Api.session(session, 1).get("/api/customers/session").then().statusCode(200)
                .body("customerId", equalTo((int) id)).body("expiresAt", notNullValue())
                .header(ReadPath.HEADER, equalTo(path().headerValue()));
        Api.session(session, 2).get("/api/customers/session").then().statusCode(401)
                .body("detail", equalTo("No live session for this token"));
        customerOf(2).body(Map.of("email", email, "password", "a long enough secret"))
                .post("/api/customers/login").then().statusCode(401);
        on(path(), 1).get("/api/customers/{id}", id).then().statusCode(200).body("city", equalTo("Cork"));
        on(path(), 2).get("/api/customers/{id}", id).then().statusCode(404);
    }

    @Test
    void selfServiceStillNeedsATenant() {
        given().header("Authorization", "Bearer not-a-session").get("/api/customers/session").then().statusCode(400)
                .body("violations.field", hasItem("X-Tenant-Id"));
        given().contentType("application/json")
                .body(Map.of("email", "no-tenant@x.example", "password", "a long enough secret"))
                .post("/api/customers").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("X-Tenant-Id"));
        given().header("X-Tenant-Id", "0").contentType("application/json")
                .body(Map.of("email", "user87@example.org", "password", "legacy-pass-87"))
                .post("/api/customers/login").then().statusCode(400)
                .body("detail", equalTo("The header X-Tenant-Id must be a positive whole number, in ASCII digits without a sign or leading zeros"));
    }

    @Test
    void theTenantHeaderOpensNothingElse() {
        customerOf(1).get("/api/customers/87").then().statusCode(401).contentType("application/problem+json");
        customerOf(1).get("/api/customers").then().statusCode(401);
        customerOf(1).body(Map.of("firstName", "A", "surname", "B")).post("/api/patients").then().statusCode(401);
        customerOf(1).header("X-User-Id", "normalized-path-user").get("/api/patients").then().statusCode(401);
    }

    @Test
    void anUnknownSessionTokenIs401() {
        Api.session("not-a-session", 1).get("/api/customers/session").then().statusCode(401)
                .contentType("application/problem+json").body("detail", equalTo("No live session for this token"));
    }

    private static void assertTenant(long customer, int tenant) {
        org.junit.jupiter.api.Assertions.assertEquals((long) tenant,
                Sql.count("SELECT tenant_id FROM customers WHERE id = ?", customer));
    }
}
