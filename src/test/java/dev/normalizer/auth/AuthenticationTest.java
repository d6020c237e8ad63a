package dev.normalizer.auth;

import static dev.normalizer.testsupport.Api.on;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bearer JWTs decide who calls: no token, a forged or expired one, or one without a usable tenant is a 401; a role
 * that may not write is a 403; another tenant's rows do not exist (404). On both read paths: a token's subject picks
 * the path, and a token that does not verify picks nothing (the flag sees an anonymous caller).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class AuthenticationTest {

    private static final Map<String, Object> PATIENT = Map.of("firstName", "Ada", "surname", "Lovelace");

    /** Every answer to a refused request: problem+json with a detail, and nothing of the implementation. */
    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("detail", notNullValue())
                .body(not(containsString("Exception"))).body(not(containsString("dev.normalizer")))
                .body(not(containsString("SELECT"))).body(not(containsString("io.smallrye")))
                .header("X-Request-Id", notNullValue());
    }

    /** A patient of tenant 1. */
    private static long patient() {
        return Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1");
    }

    private static ValidatableResponse unauthorized(RequestSpecification request, String detail) {
        return problem(request.get("/api/patients/{id}", patient()).then(), 401).body("detail", equalTo(detail))
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void noTokenIs401OnEveryProtectedEndpoint(ReadPath path) {
        unauthorized(given().header("X-User-Id", Api.user(path)), "A bearer token is required (Authorization: "
                + "Bearer <JWT>)").header("WWW-Authenticate", equalTo("Bearer"));
        for (String uri : new String[] {"/api/patients", "/api/customers", "/api/customers/87", "/api/orders/1",
                "/api/reservations/1", "/api/companies/1/customers", "/api/customers/87/orders"}) {
            problem(given().get(uri).then(), 401);
        }
        problem(given().contentType("application/json").body(PATIENT).post("/api/patients").then(), 401);
        problem(given().contentType("application/json").body(Map.of()).put("/api/customers/87/profile").then(), 401);
        problem(given().post("/api/reservations/1/cancel").then(), 401);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void tokenSignedByAnotherKeyIs401(ReadPath path) {
        String forged = Tokens.signedByAnotherKey(Tokens.claims(Api.user(path), Roles.ADMIN).claim("tenant_id", 1));
        unauthorized(Api.bearer(forged), "The bearer token's signature does not verify against the configured key")
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
        problem(Api.bearer(forged).contentType("application/json").body(PATIENT).post("/api/patients").then(), 401);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void expiredTokenIs401(ReadPath path) {
        Instant issued = Instant.now().minus(Duration.ofHours(3));
        String expired = Tokens.sign(Tokens.claims(Api.user(path), Roles.CLINICIAN).claim("tenant_id", 1)
                .issuedAt(issued).expiresAt(issued.plus(Duration.ofHours(1))));
        unauthorized(Api.bearer(expired), "The bearer token has expired");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void tokenOfAnotherIssuerMalformedOrNotBearerIs401(ReadPath path) {
        String otherIssuer = Tokens.sign(Tokens.claims(Api.user(path), Roles.CLINICIAN).claim("tenant_id", 1)
                .issuer("https://someone-else.invalid"));
        unauthorized(Api.bearer(otherIssuer), "The bearer token was not issued by the configured issuer");
        unauthorized(Api.bearer("not-a-jwt"), "The bearer token is not a valid signed JWT");
        String valid = Tokens.of(Api.user(path), 1, Roles.CLINICIAN);
        String[] parts = valid.split("\\.");
        unauthorized(Api.bearer(parts[0] + "." + parts[1] + "."),
                "The bearer token's signature does not verify against the configured key");
        unauthorized(given().header("Authorization", "Basic YWRhOmxvdmVsYWNl"),
                "Only bearer tokens are accepted (Authorization: Bearer <JWT>)");
    }

    /** The audit trail records the subject whole (at most 200 characters), so a longer one is refused. */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void tokenWithASubjectTooLongForTheAuditTrailIs401(ReadPath path) {
        String longest = Api.user(path) + "-".repeat(200 - Api.user(path).length());
        unauthorized(Api.bearer(Tokens.of(longest + "x", 1, Roles.CLINICIAN)),
                "The bearer token's subject (sub claim) is longer than 200 characters");
        Api.bearer(Tokens.of(longest, 1, Roles.CLINICIAN)).get("/api/patients/{id}", patient()).then()
                .statusCode(200);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void tokenWithoutAUsableTenantIs401(ReadPath path) {
        String detail = "The bearer token has no valid tenant_id claim: it must be a positive whole number";
        Function<Object, String> withTenant = tenant -> Tokens.sign(Tokens.claims(Api.user(path), Roles.CLINICIAN)
                .claim("tenant_id", tenant));
        unauthorized(Api.bearer(Tokens.sign(Tokens.claims(Api.user(path), Roles.CLINICIAN))), detail);
        for (Object bad : new Object[] {0, -1, 2_147_483_648L, "one", 1.5, "1 OR 1=1"}) {
            unauthorized(Api.bearer(withTenant.apply(bad)), detail);
        }
        // A string of digits is accepted as well as a number.
        Api.bearer(withTenant.apply("1")).get("/api/patients/{id}", patient()).then().statusCode(200)
                .header(ReadPath.HEADER, equalTo(path.headerValue()));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void rolesThatMayNotWriteAre403AndMayRead(ReadPath path) {
        for (String[] roles : new String[][] {{Roles.DPO}, {}, {"reader", "CLINICIAN"}}) {
            on(path, 1, roles).get("/api/patients/{id}", patient()).then().statusCode(200);
            on(path, 1, roles).get("/api/customers/87").then().statusCode(200);
            String detail = "This request needs one of the roles clinician, admin; the token has "
                    + (roles.length == 0 ? "none" : String.join(", ", java.util.Arrays.stream(roles).sorted().toList()));
            problem(on(path, 1, roles).contentType("application/json").body(PATIENT).post("/api/patients").then(),
                    403).body("title", equalTo("Forbidden")).body("detail", equalTo(detail));
            problem(on(path, 1, roles).contentType("application/json").body(PATIENT).put("/api/patients/{id}", patient()).then(),
                    403);
            problem(on(path, 1, roles).contentType("application/merge-patch+json").body(Map.of("surname", "X"))
                    .patch("/api/patients/{id}", patient()).then(), 403);
            problem(on(path, 1, roles).contentType("application/json").body(Map.of("firstName", "X"))
                    .put("/api/customers/87/profile").then(), 403);
            problem(on(path, 1, roles).contentType("application/json")
                    .body(Map.of("customerId", 87, "totalCents", 1, "currency", "EUR")).post("/api/orders").then(),
                    403);
            problem(on(path, 1, roles).contentType("application/json").body(Map.of("customerId", 87))
                    .post("/api/reservations").then(), 403);
            problem(on(path, 1, roles).post("/api/reservations/1/cancel").then(), 403);
        }
        assertEquals(0L, Sql.count("SELECT count(*) FROM patient_core WHERE surname = 'X'"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void clinicianAndAdminMayWrite(ReadPath path) {
        for (String role : new String[] {Roles.CLINICIAN, Roles.ADMIN}) {
            long id = on(path, 1, role).contentType("application/json").body(PATIENT).post("/api/patients").then()
                    .statusCode(201).body("tenantId", equalTo(1)).extract().jsonPath().getLong("id");
            on(path, 1, role).contentType("application/merge-patch+json").body(Map.of("surname", "By " + role))
                    .patch("/api/patients/{id}", id).then().statusCode(200).body("surname", equalTo("By " + role));
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void anotherTenantsRowsAre404(ReadPath path) {
        long patient = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1");
        long customer = Sql.count("SELECT min(id) FROM customers WHERE tenant_id = 1");
        long order = Sql.count("SELECT min(id) FROM orders WHERE tenant_id = 1");
        on(path, 1).get("/api/patients/{id}", patient).then().statusCode(200);
        problem(on(path, 2).get("/api/patients/{id}", patient).then(), 404)
                .body("detail", equalTo("Patient " + patient + " does not exist"));
        problem(on(path, 2, Roles.ADMIN).contentType("application/json").body(PATIENT)
                .put("/api/patients/{id}", patient).then(), 404);
        problem(on(path, 2).get("/api/customers/{id}", customer).then(), 404);
        problem(on(path, 2).get("/api/orders/{id}", order).then(), 404);
        on(path, 2).queryParam("surname", Sql.value("SELECT surname FROM patient_core WHERE id = ?", patient))
                .get("/api/patients").then().statusCode(200).body("items.id", not(hasItem((int) patient)));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void tenantHeaderWithATokenIsRefused(ReadPath path) {
        for (String tenant : new String[] {"1", "2"}) {
            problem(on(path, 1).header("X-Tenant-Id", tenant).get("/api/patients/{id}", patient()).then(), 400)
                    .body("violations.field", hasItem("X-Tenant-Id"))
                    .body("detail", equalTo("The header X-Tenant-Id is not accepted with a bearer token: the tenant "
                            + "is the token's tenant_id claim"));
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void theUserHeaderDoesNotChooseThePathWhenATokenDoes(ReadPath path) {
        ReadPath other = path == ReadPath.NORMALIZED ? ReadPath.LEGACY : ReadPath.NORMALIZED;
        on(path).header("X-User-Id", Api.user(other)).get("/api/patients/{id}", patient()).then().statusCode(200)
                .header(ReadPath.HEADER, equalTo(path.headerValue()));
    }
}
