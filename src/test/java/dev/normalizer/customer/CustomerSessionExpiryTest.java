package dev.normalizer.customer;

import static dev.normalizer.testsupport.Api.on;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.SmallLimits;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A session lasts {@code customer.session.ttl}, here set to two seconds, and is refused afterwards. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(SmallLimits.class)
class CustomerSessionExpiryTest {

    @Test
    void sessionExpiresAfterTheConfiguredTime() throws InterruptedException {
        String token = on(ReadPath.LEGACY).contentType("application/json")
                .body(Map.of("email", "user87@example.org", "password", "legacy-pass-87"))
                .post("/api/customers/login").then().statusCode(200).extract().jsonPath().getString("token");
        assertEquals(2.0, ((Number) Sql.value("SELECT extract(epoch FROM expires_at - created_at) FROM customer_sessions "
                + "WHERE token_hash = encode(sha256(?::bytea), 'hex')", token)).doubleValue());
        Api.session(token, 1).get("/api/customers/session")
                .then().statusCode(200);
        Thread.sleep(2_500);
        Api.session(token, 1).get("/api/customers/session")
                .then().statusCode(401).contentType("application/problem+json");
    }
}
