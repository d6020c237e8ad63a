package dev.normalizer.customer;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.SmallLimits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failed logins are throttled per account and per client address, failed registrations per address: a 429
 * problem+json with Retry-After, the same for every e-mail, counted in {@code normalizer_login_throttled_total}.
 * Successes cost nothing. The profile allows 3 failures per account and 6 per address in 15 minutes, and takes the
 * client address from {@code X-Forwarded-For}, so that each test is a client of its own.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(SmallLimits.class)
class LoginThrottleTest {

    private static final String PASSWORD = "the right password";
    /** 15 minutes for 3 failures: one more every 300 s. */
    private static final int ACCOUNT_SECONDS_PER_TOKEN = 300;

    private static ValidatableResponse login(ReadPath path, String address, String email, String password) {
        return on(path).header("X-Forwarded-For", address).contentType("application/json")
                .body(Map.of("email", email, "password", password)).post("/api/customers/login").then();
    }

    private static ValidatableResponse register(ReadPath path, String address, String email) {
        return on(path).header("X-Forwarded-For", address).contentType("application/json")
                .body(Map.of("email", email, "password", PASSWORD)).post("/api/customers").then();
    }

    private static ValidatableResponse throttled(ValidatableResponse response) {
        return response.statusCode(429).contentType("application/problem+json").body("status", equalTo(429))
                .body("detail", equalTo(LoginThrottle.REFUSAL.detail()))
                .header("Retry-After", Integer::parseInt, allOf(greaterThanOrEqualTo(1),
                        lessThanOrEqualTo(ACCOUNT_SECONDS_PER_TOKEN)));
    }

    /** A client of its own for each test and path, from the documentation range 198.51.100.0/24. */
    private static String address(int test, ReadPath path) {
        return "198.51.100." + (test * 10 + path.ordinal());
    }

    private static String email(String name, ReadPath path) {
        return name + "-" + path.headerValue() + "@throttle.example";
    }

    private static double throttledCount(String attempt, String by) {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("normalizer_login_throttled_total{")
                        && line.contains("attempt=\"" + attempt + "\"") && line.contains("by=\"" + by + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void anAccountIsThrottledAfterAFewFailuresWhateverTheSpellingAndAddress(ReadPath path) {
        String email = email("account", path);
        register(path, address(1, path), email).statusCode(201);
        double before = throttledCount("login", "account");
        login(path, "203.0.113.1", email, "wrong password 1").statusCode(401);
        login(path, "203.0.113.2", email.toUpperCase(), "wrong password 2").statusCode(401);
        login(path, "203.0.113.3", " " + email.replace('a', 'A'), "wrong password 3").statusCode(401);
        throttled(login(path, "203.0.113.4", email, "wrong password 4"));
        // The right password is not even checked: a throttled account tells nothing about guesses.
        throttled(login(path, "203.0.113.5", email, PASSWORD));
        assertEquals(before + 2, throttledCount("login", "account"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void knownAndUnknownEmailsAreThrottledAlike(ReadPath path) {
        String known = email("known", path);
        String unknown = email("unknown", path);
        register(path, address(2, path), known).statusCode(201);
        for (int i = 0; i < 3; i++) {
            assertEquals(login(path, address(3, path), known, "wrong").statusCode(401).extract().asString(),
                    login(path, address(4, path), unknown, "wrong").statusCode(401).extract().asString());
        }
        assertEquals(throttled(login(path, address(3, path), known, "wrong")).extract().asString(),
                throttled(login(path, address(4, path), unknown, "wrong")).extract().asString());
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void anAddressIsThrottledAcrossAccountsAndRegistrations(ReadPath path) {
        String address = address(5, path);
        double before = throttledCount("login", "address");
        for (int i = 0; i < 6; i++) {
            login(path, address, email("spray" + i, path), "wrong").statusCode(401);
        }
        throttled(login(path, address, email("spray6", path), "wrong"));
        throttled(register(path, address, email("spray-new", path)));
        login(path, address(6, path), email("spray6", path), "wrong").statusCode(401);
        assertEquals(before + 1, throttledCount("login", "address"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void anIpv6ClientCountsByItsSlash64(ReadPath path) {
        String network = "2001:db8:" + path.ordinal() + ":1:";
        for (int i = 0; i < 6; i++) {
            login(path, network + ":" + (i + 1), email("v6-" + i, path), "wrong").statusCode(401);
        }
        throttled(login(path, network + "ffff:ffff:ffff:ffff", email("v6-6", path), "wrong"));
        login(path, "2001:db8:" + path.ordinal() + ":2::1", email("v6-6", path), "wrong").statusCode(401);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void successesCostNothingAndForgetTheAccountsFailures(ReadPath path) {
        String email = email("success", path);
        String address = address(7, path);
        register(path, address, email).statusCode(201);
        login(path, address, email, "wrong").statusCode(401);
        login(path, address, email, "wrong").statusCode(401);
        login(path, address, email, PASSWORD).statusCode(200);
        for (int i = 0; i < 3; i++) {
            login(path, address, email, "wrong").statusCode(401);
        }
        throttled(login(path, address, email, "wrong"));
        String other = email("many-successes", path);
        register(path, address(8, path), other).statusCode(201);
        for (int i = 0; i < 10; i++) {
            login(path, address(8, path), other, PASSWORD).statusCode(200);
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void registrationsThatFindTheEmailTakenAreThrottledByAddress(ReadPath path) {
        String taken = email("taken", path);
        String address = address(9, path);
        double before = throttledCount("registration", "address");
        register(path, address, taken).statusCode(201);
        for (int i = 0; i < 6; i++) {
            register(path, address, taken).statusCode(409);
        }
        throttled(register(path, address, taken));
        throttled(register(path, address, email("taken-new", path)));
        register(path, address(10, path), email("taken-new", path)).statusCode(201);
        assertEquals(before + 2, throttledCount("registration", "address"));
        for (int i = 0; i < 8; i++) {
            register(path, address(11, path), email("signup" + i, path)).statusCode(201);
        }
    }
}
