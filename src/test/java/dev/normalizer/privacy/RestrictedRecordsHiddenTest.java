package dev.normalizer.privacy;

import static dev.normalizer.privacy.PrivacyApiTest.SEQ;
import static dev.normalizer.privacy.PrivacyApiTest.dpo;
import static dev.normalizer.privacy.PrivacyApiTest.newCustomer;
import static dev.normalizer.privacy.PrivacyApiTest.newPatient;
import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With {@code RESTRICTED_RECORDS=hide}, restricted patients and customers, the legacy fixture's and those of a
 * restriction request alike, are served by neither read path, and both paths answer the same.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(RestrictedRecordsHiddenTest.Hidden.class)
class RestrictedRecordsHiddenTest {

    public static class Hidden implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("restricted.records", "hide");
        }
    }

    @Test
    void theFixturesRestrictedPatientsAre404OnBothPathsAndLeftOutOfPages() {
        List<Object> restricted = Sql.column("SELECT id || ':' || tenant_id FROM patients_flat WHERE gdpr_restricted "
                + "ORDER BY id");
        assertEquals(7, restricted.size(), "the fixture's restricted patients");
        for (Object row : restricted) {
            String[] idAndTenant = row.toString().split(":");
            int tenant = Integer.parseInt(idAndTenant[1]);
            for (ReadPath path : ReadPath.values()) {
                on(path, tenant).get("/api/patients/" + idAndTenant[0]).then().statusCode(404)
                        .contentType("application/problem+json")
                        .body("detail", equalTo("Patient " + idAndTenant[0] + " does not exist"));
            }
        }
        for (int tenant = 1; tenant <= 2; tenant++) {
            long served = Sql.count("SELECT count(*) FROM patient_core WHERE tenant_id = ? AND NOT gdpr_restricted",
                    tenant);
            Object legacy = on(ReadPath.LEGACY, tenant).get("/api/patients?size=200").then().statusCode(200)
                    .body("total", equalTo((int) served)).body("items.gdprRestricted", not(hasItem(true)))
                    .extract().jsonPath().get("");
            assertEquals(legacy, on(ReadPath.NORMALIZED, tenant).get("/api/patients?size=200").then().statusCode(200)
                    .extract().jsonPath().get(""), "tenant " + tenant + "'s first page differs between the read paths");
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aRestrictedPatientIsNotServedUntilTheRestrictionIsLifted(ReadPath path) {
        String surname = "Hidden" + path + SEQ.incrementAndGet();
        long id = newPatient(path, surname);

        dpo(path).post("/api/privacy/patients/{id}/restriction", id).then().statusCode(201)
                .header("Location", containsString("/api/privacy/requests/"))
                .body("type", equalTo("restriction")).body("status", equalTo("completed"));
        on(path).get("/api/patients/{id}", id).then().statusCode(404);
        on(path).get("/api/patients?surname=" + surname).then().statusCode(200).body("total", equalTo(0));
        on(path).contentType("application/merge-patch+json").body("{\"city\": \"Cork\"}")
                .patch("/api/patients/{id}", id).then().statusCode(404);
        assertEquals(Boolean.TRUE, Sql.value("SELECT gdpr_restricted FROM v_patients_legacy WHERE id = ?", id));

        dpo(path).delete("/api/privacy/patients/{id}/restriction", id).then().statusCode(201)
                .body("type", equalTo("restriction_lifted"));
        on(path).get("/api/patients/{id}", id).then().statusCode(200).body("surname", equalTo(surname))
                .body("gdprRestricted", equalTo(false));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aRestrictedCustomerIsNotServedUntilTheRestrictionIsLifted(ReadPath path) {
        long id = newCustomer(path);
        dpo(path).post("/api/privacy/customers/{id}/restriction", id).then().statusCode(201);
        on(path).get("/api/customers/{id}", id).then().statusCode(404);
        on(path).get("/api/customers/{id}/orders", id).then().statusCode(404);
        on(path).get("/api/customers?size=200&page=" + (id / 200)).then().statusCode(200)
                .body("items.id", not(hasItem((int) id)));
        dpo(path).delete("/api/privacy/customers/{id}/restriction", id).then().statusCode(201);
        on(path).get("/api/customers/{id}", id).then().statusCode(200);
    }
}
