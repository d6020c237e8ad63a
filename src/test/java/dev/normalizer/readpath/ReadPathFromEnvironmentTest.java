package dev.normalizer.readpath;

import static org.hamcrest.Matchers.equalTo;

import dev.normalizer.auth.Roles;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.FlagOnForEveryone;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** With no Unleash URL, NORMALIZED_SCHEMA_ENABLED=true switches every tenant and user through the SDK bootstrap. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(FlagOnForEveryone.class)
class ReadPathFromEnvironmentTest {

    @Test
    void everyTenantAndUserReadsNormalized() {
        for (int tenant = 1; tenant <= 2; tenant++) {
            for (String user : new String[] {Api.LEGACY_USER, "anyone"}) {
                Api.bearer(Tokens.of(user, tenant, Roles.CLINICIAN)).get("/api/patients?size=1")
                        .then().statusCode(200).header(ReadPath.HEADER, equalTo("normalized"));
            }
        }
    }
}
