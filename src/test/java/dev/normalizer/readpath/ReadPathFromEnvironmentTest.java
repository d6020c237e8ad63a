package dev.normalizer.readpath;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.normalizer.testsupport.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no Unleash URL, NORMALIZED_SCHEMA_ENABLED=true switches every tenant and user through the SDK bootstrap. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(ReadPathFromEnvironmentTest.FlagOnInEnvironment.class)
class ReadPathFromEnvironmentTest {

    /** The environment variable NORMALIZED_SCHEMA_ENABLED maps to this property. */
    public static class FlagOnInEnvironment implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("normalized.schema.enabled", "true", "unleash.bootstrap-file", "");
        }
    }

    @Test
    void everyTenantAndUserReadsNormalized() {
        for (int tenant = 1; tenant <= 2; tenant++) {
            given().header("X-Tenant-Id", tenant).get("/api/patients?size=1")
                    .then().statusCode(200).header(ReadPath.HEADER, equalTo("normalized"));
            given().header("X-Tenant-Id", tenant).header("X-User-Id", "anyone").get("/api/patients?size=1")
                    .then().statusCode(200).header(ReadPath.HEADER, equalTo("normalized"));
        }
    }
}
