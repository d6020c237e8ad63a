package dev.normalizer.admin;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.readpath.ReadPathResolver;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The release manager's page: per tenant, the flag's state, requests per state and shadow comparisons. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RolloutApiTest {

    private static JsonPath rollout(ReadPath path) {
        return on(path, 1, Roles.ADMIN).get("/api/admin/rollout").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void everyTenantIsListedWithTheFlagAndTheRequestsServedInEachState(ReadPath path) {
        JsonPath before = rollout(path);
        assertEquals(ReadPathResolver.FLAG, before.getString("flag"));
        assertEquals(Sql.column("SELECT id FROM tenants ORDER BY id").stream().map(id -> ((Number) id).intValue())
                .toList(), before.getList("tenants.tenantId", Integer.class));
        // The test flag switches users on, never a whole tenant: evaluated for the tenant alone it is off.
        assertEquals("legacy", before.getString("tenants.find { it.tenantId == 1 }.flag"));

        long patient = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1 AND NOT gdpr_restricted");
        on(path).get("/api/patients/{id}", patient).then().statusCode(200);
        JsonPath after = rollout(path);
        String served = "tenants.find { it.tenantId == 1 }.requests." + path.headerValue();
        // The admin's user is on the same path: the patient read and the second page request.
        assertEquals(before.getLong(served) + 2, after.getLong(served));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void theShadowSectionIsThereBeforeAnyComparison(ReadPath path) {
        on(path, 1, Roles.ADMIN).get("/api/admin/rollout").then().statusCode(200)
                .body("tenants.find { it.tenantId == 2 }.shadow.keySet()",
                        hasItems("comparisons", "mismatches", "mismatchRate", "mismatchesByField", "dropped"))
                .body("tenants.find { it.tenantId == 2 }.requests.keySet()",
                        hasItems("legacy", "shadow", "normalized"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void onlyAnAdminSeesIt(ReadPath path) {
        on(path, 1, Roles.CLINICIAN).get("/api/admin/rollout").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
        on(path, 1, Roles.DPO).get("/api/admin/rollout").then().statusCode(403);
    }
}
