package dev.normalizer.customer;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * bcrypt reads at most 72 bytes of a password: registration counts UTF-8 bytes (a 400 naming the field), and a
 * longer password at login is a wrong one, with the same 401 after the same work, never a 500 or a match on the
 * first 72 bytes.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CustomerPasswordBytesTest {

    /** 36 × "é": 36 characters, 72 bytes in UTF-8, the most bcrypt reads. */
    private static final String SEVENTY_TWO_BYTES = "é".repeat(36);

    private static ValidatableResponse register(ReadPath path, String email, String password) {
        return on(path).contentType("application/json").body(Map.of("email", email, "password", password))
                .post("/api/customers").then();
    }

    private static ValidatableResponse login(ReadPath path, String email, String password) {
        return on(path).contentType("application/json").body(Map.of("email", email, "password", password))
                .post("/api/customers/login").then();
    }

    private static String email(String name, ReadPath path) {
        return name + "-" + path.headerValue() + "@bytes.example";
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void registrationCountsThePasswordInUtf8Bytes(ReadPath path) {
        String[] tooLong = {"é".repeat(40), "x".repeat(73), SEVENTY_TWO_BYTES + "x", "😀".repeat(19)};
        for (String password : tooLong) {
            register(path, email("too-long", path), password).statusCode(400)
                    .contentType("application/problem+json").body("violations.field", hasItem("password"))
                    .body("violations.message", hasItem(containsString("72 bytes")))
                    .body(not(containsString("Exception")));
        }
        register(path, email("too-short", path), "short").statusCode(400)
                .body("violations.field", hasItem("password"));
        register(path, email("seventy-two", path), SEVENTY_TWO_BYTES).statusCode(201);
        login(path, email("seventy-two", path), SEVENTY_TWO_BYTES).statusCode(200);
        register(path, email("ascii-72", path), "x".repeat(72)).statusCode(201);
        login(path, email("ascii-72", path), "x".repeat(72)).statusCode(200);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aPasswordOverSeventyTwoBytesFailsLoginLikeAWrongOne(ReadPath path) {
        String email = email("long-login", path);
        register(path, email, SEVENTY_TWO_BYTES).statusCode(201);
        String wrong = login(path, email, "a wrong password").statusCode(401)
                .contentType("application/problem+json").extract().asString();
        // bcrypt would see only the first 72 bytes, which are the password: it must still not match.
        assertEquals(wrong, login(path, email, SEVENTY_TWO_BYTES + "x").statusCode(401).extract().asString());
        assertEquals(wrong, login(path, email, "x".repeat(73)).statusCode(401).extract().asString());
        assertEquals(wrong, login(path, email("nobody-long", path), "é".repeat(40)).statusCode(401)
                .extract().asString());
        assertEquals(wrong, login(path, "user87@example.org", "p".repeat(10_000)).statusCode(401)
                .extract().asString());
    }

    /**
     * Not a speed target: a guard that a too-long password still pays for a bcrypt verification, known e-mail or
     * not. Medians of five tries each must be within a factor of two of a wrong password's.
     */
    @Test
    void aTooLongPasswordTakesAboutAsLongAsAWrongOne() {
        String email = email("long-timing", ReadPath.LEGACY);
        register(ReadPath.LEGACY, email, "the right password").statusCode(201);
        long[] wrong = new long[5];
        long[] tooLong = new long[5];
        long[] unknownTooLong = new long[5];
        for (int i = 0; i < 5; i++) {
            wrong[i] = timed(() -> login(ReadPath.LEGACY, email, "wrong password").statusCode(401));
            tooLong[i] = timed(() -> login(ReadPath.LEGACY, email, "x".repeat(100)).statusCode(401));
            unknownTooLong[i] = timed(() -> login(ReadPath.LEGACY, "nobody@bytes.example", "x".repeat(100))
                    .statusCode(401));
        }
        assertAboutAsLong(wrong, tooLong);
        assertAboutAsLong(wrong, unknownTooLong);
    }

    private static long timed(Runnable request) {
        long start = System.nanoTime();
        request.run();
        return System.nanoTime() - start;
    }

    private static void assertAboutAsLong(long[] reference, long[] other) {
        Arrays.sort(reference);
        Arrays.sort(other);
        double ratio = (double) other[2] / reference[2];
        assertTrue(ratio > 0.5 && ratio < 2.0, "median time ratio " + ratio);
    }
}
