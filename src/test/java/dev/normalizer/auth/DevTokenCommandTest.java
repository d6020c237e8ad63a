package dev.normalizer.auth;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code token} command of docs/authentication.md mints tokens that the service accepts, with the tenant and roles
 * asked for.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class DevTokenCommandTest {

    private static final String KEY = "src/test/resources/auth/test-private-key.pem";

    /** Runs the command as {@code java -jar quarkus-run.jar token ...} does, and returns what it printed. */
    private static String token(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, DevTokenCommand.run(args));
        } finally {
            System.setOut(out);
        }
        return printed.toString(StandardCharsets.UTF_8).trim();
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aMintedTokenIsAcceptedWithItsTenantSubjectAndRoles(ReadPath path) {
        String clinician = token("--key", KEY, "--issuer", Tokens.ISSUER, "--tenant", "2", "--subject", Api.user(path),
                "--roles", "clinician");
        Api.bearer(clinician).contentType("application/json").body(Map.of("firstName", "Minted", "surname", "Token"))
                .post("/api/patients").then().statusCode(201).body("tenantId", equalTo(2))
                .header(ReadPath.HEADER, equalTo(path.headerValue()));
        String dpo = token("--key", KEY, "--issuer", Tokens.ISSUER, "--tenant", "2", "--subject", Api.user(path),
                "--roles", "dpo,admin");
        Api.bearer(dpo).get("/api/patients?size=1").then().statusCode(200)
                .header(ReadPath.HEADER, equalTo(path.headerValue()));
        String reader = token("--key", KEY, "--issuer", Tokens.ISSUER, "--tenant", "2", "--subject", Api.user(path));
        Api.bearer(reader).contentType("application/json").body(Map.of("firstName", "A", "surname", "B"))
                .post("/api/patients").then().statusCode(403);
    }

    @Test
    void theClaimsAreTheOnesAskedForAndAnotherIssuerIsRefused() throws Exception {
        String minted = token("--key", KEY, "--issuer", Tokens.ISSUER, "--tenant", "7", "--subject", "someone",
                "--ttl", "PT90S");
        String[] parts = minted.split("\\.");
        assertEquals(3, parts.length, minted);
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertEquals(Tokens.ISSUER, claims.get("iss").asText());
        assertEquals("someone", claims.get("sub").asText());
        assertEquals(7, claims.get("tenant_id").asInt());
        assertEquals(0, claims.get("groups").size());
        assertEquals(90, claims.get("exp").asLong() - claims.get("iat").asLong());
        String wrongIssuer = token("--key", KEY, "--issuer", "https://elsewhere.invalid", "--tenant", "1", "--subject",
                "someone", "--roles", "admin");
        Api.bearer(wrongIssuer).get("/api/patients?size=1").then().statusCode(401)
                .body("detail", equalTo("The bearer token was not issued by the configured issuer"));
    }

    @Test
    void badArgumentsFailWithoutAStackTrace() {
        assertEquals(2, DevTokenCommand.run("--key", KEY, "--issuer", "x", "--tenant", "0", "--subject", "a"));
        assertEquals(1, DevTokenCommand.run("--key", "src/test/resources/auth/test-public-key.pem", "--issuer", "x",
                "--tenant", "1", "--subject", "a"));
        assertEquals(1, DevTokenCommand.run("--key", "no/such/key.pem", "--issuer", "x", "--tenant", "1",
                "--subject", "a"));
    }
}
