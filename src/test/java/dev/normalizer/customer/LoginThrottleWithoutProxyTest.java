package dev.normalizer.customer;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without proxy address forwarding configured, the client address is the connection's: a client cannot escape its
 * address's throttle by naming other addresses in {@code X-Forwarded-For}. The profile allows 4 failures per
 * address; every request here comes from this test's own connection, on both read paths.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(LoginThrottleWithoutProxyTest.FourFailuresPerAddress.class)
class LoginThrottleWithoutProxyTest {

    public static class FourFailuresPerAddress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("login.throttle.address.failures", "4", "login.throttle.address.period", "15m");
        }
    }

    @Test
    void xForwardedForIsIgnoredUnlessForwardingIsConfigured() {
        int attempt = 0;
        for (ReadPath path : ReadPath.values()) {
            for (int i = 0; i < 2; i++, attempt++) {
                login(path, attempt).statusCode(401);
            }
        }
        for (ReadPath path : ReadPath.values()) {
            login(path, attempt++).statusCode(429).contentType("application/problem+json")
                    .body("detail", equalTo(LoginThrottle.REFUSAL.detail())).header("Retry-After", notNullValue());
        }
    }

    /** A failed login for a new e-mail, claiming to come from a new address each time. */
    private static io.restassured.response.ValidatableResponse login(ReadPath path, int attempt) {
        return on(path).header("X-Forwarded-For", "192.0.2." + (attempt + 1)).contentType("application/json")
                .body(Map.of("email", "spoofer" + attempt + "@throttle.example", "password", "wrong"))
                .post("/api/customers/login").then();
    }
}
