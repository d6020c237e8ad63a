package dev.normalizer.customer;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Login with legacy and new bcrypt hashes, one 401 for every failure, and sessions stored as hashes. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CustomerLoginTest {

    private static io.restassured.response.ValidatableResponse login(ReadPath path, int tenant, String email,
            String password) {
        return on(path, tenant).contentType("application/json").body(Map.of("email", email, "password", password))
                .post("/api/customers/login").then();
    }

    /**
     * The migration copied every legacy customer's hash unchanged, so both paths verify what the legacy application
     * verified. The fixture's hashes are bcrypt of cost 10, {@code $2a$} and {@code $2b$}.
     */
    @Test
    void everyLegacyCustomerKeepsItsHashOnBothPaths() {
        assertEquals(122L, Sql.count("SELECT count(*) FROM users WHERE is_customer AND id <= 150"));
        assertEquals(122L, Sql.count("SELECT count(*) FROM users u JOIN customers c ON c.id = u.id "
                + "WHERE u.is_customer AND u.id <= 150 AND c.password_hash = u.password_hash"));
        assertEquals(Sql.count("SELECT count(*) FROM users WHERE id <= 150"), Sql.count("SELECT count(*) FROM users "
                + "WHERE id <= 150 AND password_hash ~ '^\\$2[ab]\\$10\\$'"));
    }

    /**
     * Logins with the published passwords ({@code legacy-pass-<id>}), each on the path its id's parity chooses: the
     * first customer of each tenant, hash version and parity, and every customer whose e-mail is not in lower case or
     * shares its lower case with another customer of its tenant. bcrypt makes each login cost about 0.1 s, so the
     * other legacy customers are covered by {@link #everyLegacyCustomerKeepsItsHashOnBothPaths}.
     */
    @Test
    void legacyCustomersLogInWithTheirPublishedPasswords() {
        List<Object> customers = Sql.column("""
                SELECT id || ':' || tenant_id || ':' || email FROM users u
                WHERE is_customer AND id <= 150
                  AND (email <> lower(email)
                       OR EXISTS (SELECT 1 FROM users o WHERE o.is_customer AND o.id <> u.id
                                  AND o.tenant_id = u.tenant_id AND lower(o.email) = lower(u.email))
                       OR id IN (SELECT min(id) FROM users WHERE is_customer AND id <= 150
                                 GROUP BY tenant_id, left(password_hash, 4), id % 2))
                ORDER BY id""");
        assertTrue(customers.size() >= 8, customers.size() + " customers");
        for (Object row : customers) {
            String[] c = row.toString().split(":", 3);
            ReadPath path = Long.parseLong(c[0]) % 2 == 0 ? ReadPath.LEGACY : ReadPath.NORMALIZED;
            login(path, Integer.parseInt(c[1]), c[2], "legacy-pass-" + c[0])
                    .statusCode(200).body("customerId", equalTo(Integer.parseInt(c[0])))
                    .body("token", notNullValue()).body("expiresAt", notNullValue());
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void loginIgnoresEmailCaseRecordsTheLoginAndStoresOnlyATokenHash(ReadPath path) {
        long id = CustomerWriteApiTest.register(path, Map.of("email", "Login.Case." + path + "@x.example"));
        String token = login(path, 1, "login.CASE." + path + "@X.example", "correct horse battery").statusCode(200)
                .body("customerId", equalTo((int) id)).extract().jsonPath().getString("token");
        assertEquals(0L, Sql.count("SELECT count(*) FROM customer_sessions WHERE token_hash = ?", token));
        assertEquals(1L, Sql.count("SELECT count(*) FROM customer_sessions WHERE token_hash = encode(sha256(?::bytea), 'hex')",
                token));
        on(path).get("/api/customers/{id}", id).then().statusCode(200).body("lastLoginAt", notNullValue());
        assertEquals(Sql.value("SELECT last_login_at FROM customers WHERE id = ?", id),
                Sql.value("SELECT last_login_at FROM users WHERE id = ?", id));
        String session = Api.session(token, 1).get("/api/customers/session").then().statusCode(200)
                .body("customerId", equalTo((int) id)).extract().asString();
        assertEquals(List.of("expiresAt", "customerId"), CustomerReadApiTest.keysInOrder(session),
                "the session, without the token that only login shows");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void wrongPasswordAndUnknownEmailGiveTheSame401(ReadPath path) {
        String wrong = login(path, 1, "user87@example.org", "not-the-password").statusCode(401)
                .contentType("application/problem+json").extract().asString();
        String unknown = login(path, 1, "nobody@nowhere.example", "not-the-password").statusCode(401)
                .contentType("application/problem+json").extract().asString();
        assertEquals(wrong, unknown);
        login(path, 2, "user87@example.org", "legacy-pass-87").statusCode(401);
    }

    /**
     * Not a speed target: a guard that an unknown e-mail still pays for a bcrypt verification. Medians of seven
     * tries each must be within a factor of two of each other.
     */
    @Test
    void unknownEmailTakesAboutAsLongAsAWrongPassword() {
        long[] wrong = new long[7];
        long[] unknown = new long[7];
        for (int i = 0; i < 7; i++) {
            long start = System.nanoTime();
            login(ReadPath.LEGACY, 1, "user87@example.org", "wrong password " + i).statusCode(401);
            wrong[i] = System.nanoTime() - start;
            start = System.nanoTime();
            login(ReadPath.LEGACY, 1, "nobody" + i + "@nowhere.example", "wrong password " + i).statusCode(401);
            unknown[i] = System.nanoTime() - start;
        }
        Arrays.sort(wrong);
        Arrays.sort(unknown);
        double ratio = (double) unknown[3] / wrong[3];
        assertTrue(ratio > 0.5 && ratio < 2.0, "unknown/wrong median time ratio " + ratio);
        assertNotEquals(0, wrong[3]);
    }
}
