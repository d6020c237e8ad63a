package dev.normalizer.shadow;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.Eventually;
import dev.normalizer.testsupport.LogCapture;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import dev.normalizer.testsupport.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The flag's variant {@code shadow}: the caller gets the legacy answer, and the normalized one is read and compared
 * off the request path, counted per entity, field and tenant.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ShadowReadsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MeterRegistry registry;

    private static RequestSpecification shadowed() {
        return Api.bearer(Tokens.of(Api.SHADOW_USER, 1, Roles.CLINICIAN));
    }

    private static long fixtureCustomer() {
        return Sql.count("SELECT min(id) FROM users WHERE is_customer AND tenant_id = 1 AND city IS NOT NULL");
    }

    private double counted(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void shadowedReadsServeTheLegacyAnswerAndCountAMatch() {
        long patient = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1 AND NOT gdpr_restricted");
        long customer = fixtureCustomer();
        double patients = counted(ShadowReads.COMPARISONS, "entity", "patient", "tenant", "1", "outcome", "match");
        double customers = counted(ShadowReads.COMPARISONS, "entity", "customer", "tenant", "1", "outcome", "match");
        double mismatches = counted(ShadowReads.MISMATCHES, "tenant", "1");

        String servedPatient = shadowed().get("/api/patients/{id}", patient).then().statusCode(200)
                .header(ReadPath.HEADER, "legacy").extract().asString();
        assertEquals(Api.on(ReadPath.LEGACY).get("/api/patients/{id}", patient).asString(), servedPatient);
        shadowed().queryParam("size", 50).get("/api/patients").then().statusCode(200)
                .header(ReadPath.HEADER, "legacy");
        String servedCustomer = shadowed().get("/api/customers/{id}", customer).then().statusCode(200)
                .header(ReadPath.HEADER, "legacy").extract().asString();
        assertEquals(Api.on(ReadPath.LEGACY).get("/api/customers/{id}", customer).asString(), servedCustomer);

        Eventually.until("a patient read and a patient list compared, both matching", () -> counted(
                ShadowReads.COMPARISONS, "entity", "patient", "tenant", "1", "outcome", "match") >= patients + 2, WAIT);
        Eventually.until("a customer read compared and matching", () -> counted(ShadowReads.COMPARISONS, "entity",
                "customer", "tenant", "1", "outcome", "match") >= customers + 1, WAIT);
        assertEquals(mismatches, counted(ShadowReads.MISMATCHES, "tenant", "1"), "no mismatch on the fixture");
    }

    /**
     * The legacy application's writes to users reach the normalized tables (V3's sync trigger), so the drift is made
     * on the normalized side: a profile edited behind the service's back.
     */
    @Test
    void aProfileEditedBehindTheServicesBackIsCountedUnderItsFieldAndLoggedWithoutItsValue() {
        long customer = fixtureCustomer();
        Object city = Sql.value("SELECT city FROM users WHERE id = ?", customer);
        String planted = "Planted-" + customer;
        LogCapture log = LogCapture.of(ShadowReads.class.getName());
        Sql.execute("UPDATE customer_profiles SET city = ? WHERE customer_id = ?", planted, customer);
        try {
            double before = counted(ShadowReads.MISMATCHES, "entity", "customer", "tenant", "1", "field", "city");
            shadowed().get("/api/customers/{id}", customer).then().statusCode(200)
                    .header(ReadPath.HEADER, "legacy").body("city", equalTo(city));
            Eventually.until("the mismatch of city counted", () -> counted(ShadowReads.MISMATCHES, "entity",
                    "customer", "tenant", "1", "field", "city") >= before + 1, WAIT);
            assertEquals(0, counted(ShadowReads.MISMATCHES, "entity", "customer", "tenant", "1", "field",
                    "lastName"), "only the edited field differs");

            String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("normalizer_shadow_mismatches_total{")
                    && l.contains("entity=\"customer\"") && l.contains("field=\"city\"")
                    && l.contains("tenant=\"1\"")), metrics);

            Api.bearer(Tokens.of("release-manager", 1, Roles.ADMIN)).get("/api/admin/rollout").then()
                    .statusCode(200)
                    .body("tenants.find { it.tenantId == 1 }.shadow.mismatchesByField.'customer.city'",
                            greaterThan(0))
                    .body("tenants.find { it.tenantId == 1 }.shadow.mismatchRate", greaterThan(0f));

            Eventually.until("the mismatch logged", () -> log.contains(customer + ":city"), WAIT);
            assertFalse(log.contains(planted), "the log never carries a value");
        } finally {
            log.close();
            Sql.execute("UPDATE customer_profiles SET city = ? WHERE customer_id = ?", city, customer);
        }
    }

    /** Keys inside preferences are the customer's own: a mismatch there counts under preferences, never its keys. */
    @Test
    void aMismatchInsidePreferencesIsCountedUnderPreferencesNotUnderItsKeys() {
        long customer = fixtureCustomer();
        Object preferences = Sql.value("SELECT preferences::text FROM customer_profiles WHERE customer_id = ?", customer);
        String plantedKey = "planted-key-" + customer;
        Sql.execute("UPDATE customer_profiles SET preferences = jsonb_build_object(?::text, 1) WHERE customer_id = ?",
                plantedKey, customer);
        try {
            double before = counted(ShadowReads.MISMATCHES, "entity", "customer", "tenant", "1", "field",
                    "preferences");
            shadowed().get("/api/customers/{id}", customer).then().statusCode(200).header(ReadPath.HEADER, "legacy");
            Eventually.until("the mismatch of preferences counted", () -> counted(ShadowReads.MISMATCHES, "entity",
                    "customer", "tenant", "1", "field", "preferences") >= before + 1, WAIT);
            String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
            assertFalse(metrics.contains(plantedKey), "no label carries a key of the customer's own");
        } finally {
            Sql.execute("UPDATE customer_profiles SET preferences = ?::jsonb WHERE customer_id = ?", preferences,
                    customer);
        }
    }
}
