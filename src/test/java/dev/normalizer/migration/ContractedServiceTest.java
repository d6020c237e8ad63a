package dev.normalizer.migration;

import static dev.normalizer.testsupport.Api.on;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.normalizer.auth.Roles;
import dev.normalizer.integrity.IntegritySuite;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.ContractedDatabaseResource;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With NORMALIZER_CONTRACT_MIGRATIONS_ENABLED the service applies V1000 at startup and serves customers from the
 * normalized tables only, whatever the flag says; patients keep both paths, though V1001 has dropped patients_flat.
 */
@QuarkusTest
@WithTestResource(ContractedDatabaseResource.class)
class ContractedServiceTest {

    @Inject
    IntegritySuite suite;

    @Test
    void customersAreServedNormalizedEvenForALegacyFlag() {
        on(ReadPath.NORMALIZED).get("/api/customers/87").then().statusCode(200)
                .body("email", equalTo("user87@example.org"));
        Api.bearer(Tokens.of(Api.LEGACY_USER, 1, Roles.CLINICIAN)).get("/api/customers/87").then().statusCode(200)
                .header(ReadPath.HEADER, equalTo("normalized"));
    }

    @Test
    void patientsReadTheSameOnBothPathsWithoutTheFlatTable() {
        String legacy = on(ReadPath.LEGACY).get("/api/patients/2").then().statusCode(200)
                .header(ReadPath.HEADER, equalTo("legacy")).extract().asString();
        String normalized = on(ReadPath.NORMALIZED).get("/api/patients/2").then().statusCode(200)
                .header(ReadPath.HEADER, equalTo("normalized")).extract().asString();
        assertEquals(legacy, normalized);
    }

    @Test
    void registrationLoginAndOrdersWorkWithoutTheLegacyColumns() {
        long id = on(ReadPath.NORMALIZED).contentType("application/json")
                .body(Map.of("email", "after-contract@x.example", "password", "a long enough secret", "city", "Cork"))
                .post("/api/customers").then().statusCode(201).body("city", equalTo("Cork"))
                .extract().jsonPath().getLong("id");
        on(ReadPath.NORMALIZED).contentType("application/json")
                .body(Map.of("email", "after-contract@x.example", "password", "a long enough secret"))
                .post("/api/customers/login").then().statusCode(200).body("token", notNullValue());
        on(ReadPath.NORMALIZED).contentType("application/json")
                .body(Map.of("customerId", id, "totalCents", 10, "currency", "EUR"))
                .post("/api/orders").then().statusCode(201).body("customerId", equalTo((int) id));
        on(ReadPath.NORMALIZED).contentType("application/json").body(Map.of("firstName", "Later"))
                .put("/api/customers/{id}/profile", id).then().statusCode(200).body("firstName", equalTo("Later"));
    }

    @Test
    void readyWithTheContractStepAppliedAndItsLegacyChecksNotApplicable() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'migrations' }.data.current", equalTo("1001"))
                .body("checks.find { it.name == 'migrations' }.data.pending", equalTo(0))
                .body("checks.find { it.name == 'migrations' }.data.contractMigrations", equalTo("enabled"));
        suite.refresh();
        given().get("/q/health/group/integrity").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'legacy-customer-rows' }.data.applicable", equalTo(false))
                .body("checks.find { it.name == 'legacy-customer-columns' }.data.applicable", equalTo(false))
                .body("checks.find { it.name == 'legacy-patient-rows' }.data.applicable", equalTo(false))
                .body("checks.find { it.name == 'legacy-patient-view' }.data.applicable", equalTo(false))
                .body("checks.find { it.name == 'order-customer-company' }.data.legacy_user_id", equalTo(false))
                .body("checks.find { it.name == 'order-customer-company' }.data.user_mismatch", nullValue());
    }
}
