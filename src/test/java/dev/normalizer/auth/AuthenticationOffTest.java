package dev.normalizer.auth;

import static dev.normalizer.testsupport.Api.withoutAuthentication;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With authentication switched off (the dev profile's setting), and only then, {@code X-Tenant-Id} names the tenant
 * and {@code X-User-Id} the user; every caller may write, and a bearer token counts for nothing.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(AuthenticationOffTest.AuthenticationOff.class)
class AuthenticationOffTest {

    /** NORMALIZER_AUTH_ENABLED=false. */
    public static class AuthenticationOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("normalizer.auth.enabled", "false");
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void tenantAndUserHeadersSayWhoCallsAndAnyoneMayWrite(ReadPath path) {
        long patient = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1");
        withoutAuthentication(path, 1).get("/api/patients/{id}", patient).then().statusCode(200)
                .body("tenantId", equalTo(1));
        withoutAuthentication(path, 2).get("/api/patients/{id}", patient).then().statusCode(404);
        withoutAuthentication(path, 1).contentType("application/json").body(Map.of("firstName", "A", "surname", "B"))
                .post("/api/patients").then().statusCode(201).body("tenantId", equalTo(1));
    }

    /** The audit trail takes every write, whatever the header: a blank user is anonymous, a long one is cut. */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void anyUserHeaderIsRecordedAsTheWritesActor(ReadPath path) {
        String longUser = "u".repeat(10_000);
        for (String user : new String[] {"", "  ", longUser}) {
            int id = given().header("X-Tenant-Id", 1).header("X-User-Id", user).contentType("application/json")
                    .body(Map.of("firstName", "Actor", "surname", "Header")).post("/api/patients").then()
                    .statusCode(201).extract().path("id");
            assertEquals(user.isBlank() ? "anonymous" : longUser.substring(0, 200), Sql.value(
                    "SELECT actor FROM audit_events WHERE chain = 'patient' AND action = 'create' AND entity_id = ?",
                    Integer.toString(id)));
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void missingOrMalformedTenantHeaderIs400(ReadPath path) {
        given().header("X-User-Id", Api.user(path)).get("/api/patients").then().statusCode(400)
                .contentType("application/problem+json").header(ReadPath.HEADER, equalTo(path.headerValue()))
                .body("violations.field", hasItem("X-Tenant-Id"))
                .body("detail", equalTo("The header X-Tenant-Id is required"));
        for (String bad : new String[] {"one", "0", "01", "+1", "-1", "1.5", "2147483648", "1; DROP TABLE tenants",
                "7".repeat(10_000)}) {
            given().header("X-User-Id", Api.user(path)).header("X-Tenant-Id", bad).get("/api/customers").then()
                    .statusCode(400).contentType("application/problem+json")
                    .header(ReadPath.HEADER, equalTo(path.headerValue()))
                    .body("detail", equalTo("The header X-Tenant-Id must be a positive whole number, in ASCII digits without a sign or leading zeros"));
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aBearerTokenCountsForNothing(ReadPath path) {
        long patient = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1");
        String tenantTwo = Tokens.of(Api.user(path), 2, Roles.DPO);
        withoutAuthentication(path, 1).header("Authorization", "Bearer " + tenantTwo)
                .get("/api/patients/{id}", patient).then().statusCode(200).body("tenantId", equalTo(1));
        Api.bearer(tenantTwo).get("/api/patients/{id}", patient).then().statusCode(400)
                .body("violations.field", hasItem("X-Tenant-Id"));
    }
}
