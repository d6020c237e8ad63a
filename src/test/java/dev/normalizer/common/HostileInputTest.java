package dev.normalizer.common;

import static dev.normalizer.testsupport.Api.on;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What an attacker might send: SQL and JSON injection strings (stored and returned verbatim), a body over 1 MiB
 * (413), headers of 10,000 characters, and request ids of every kind. Every refusal is problem+json with a request id.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HostileInputTest {

    static final List<String> INJECTIONS = List.of("'; DROP TABLE patient_core; --",
            "Robert'); DROP TABLE customers;--", "' OR '1'='1", "{\"$ne\":null}", "{\"$where\": \"sleep(1000)\"}",
            "</script><script>alert(1)</script>", "${jndi:ldap://example.invalid/a}", "\\'; --\\\"");
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final int MIB = 1024 * 1024;

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body("detail", not(equalTo(""))).header(RequestIds.HEADER, not(equalTo("")))
                .body(not(containsString("Exception"))).body(not(containsString("dev.normalizer")));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void injectionStringsInAPatientAreStoredAndReturnedVerbatim(ReadPath path) {
        for (String value : INJECTIONS) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("firstName", value, "surname", value,
                    "notes", value, "allergy1", value));
            long id = on(path).contentType("application/json").body(body).post("/api/patients").then()
                    .statusCode(201).body("firstName", equalTo(value)).extract().jsonPath().getLong("id");
            on(path).get("/api/patients/{id}", id).then().statusCode(200).body("firstName", equalTo(value))
                    .body("surname", equalTo(value)).body("notes", equalTo(value)).body("allergy1", equalTo(value));
            assertEquals(value, Sql.value("SELECT surname FROM v_patients_legacy WHERE id = ?", id));
            on(path).queryParam("surname", value).queryParam("size", 200).get("/api/patients").then().statusCode(200)
                    .body("items.surname", everyItem(equalTo(value)));
        }
        on(path).queryParam("surname", "' OR '1'='1' --").get("/api/patients").then().statusCode(200)
                .body("total", equalTo(0));
        assertTrue(Sql.count("SELECT count(*) FROM patient_core") > 300, "patient_core is still there");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void injectionStringsInACustomerAreStoredAndReturnedVerbatim(ReadPath path) {
        int n = 0;
        for (String value : INJECTIONS) {
            String email = "hostile" + n++ + "." + path.headerValue() + "@x.example";
            Map<String, Object> preferences = Map.of("$ne", value, "nested", Map.of("$gt", ""));
            long id = on(path).contentType("application/json").body(Map.of("email", email, "password",
                    "a long enough secret", "firstName", value, "lastName", value, "city", value, "notes", value,
                    "preferences", preferences))
                    .post("/api/customers").then().statusCode(201).extract().jsonPath().getLong("id");
            on(path).get("/api/customers/{id}", id).then().statusCode(200).body("firstName", equalTo(value))
                    .body("lastName", equalTo(value)).body("city", equalTo(value)).body("notes", equalTo(value))
                    .body("preferences", equalTo(preferences));
            assertEquals(value, Sql.value("SELECT notes FROM users WHERE id = ?", id));
        }
        on(path).queryParam("email", "' OR 1=1 --").get("/api/customers").then().statusCode(200)
                .body("total", equalTo(0));
        on(path).contentType("application/json").body(Map.of("email", "' OR 1=1 --", "password", "{\"$ne\":null}"))
                .post("/api/customers/login").then().statusCode(401);
        assertTrue(Sql.count("SELECT count(*) FROM customers") > 100, "customers is still there");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aBodyOverOneMebibyteIs413(ReadPath path) throws Exception {
        String token = Tokens.of(Api.user(path), 1, Roles.CLINICIAN);
        String over = "{\"firstName\": \"A\", \"surname\": \"" + "x".repeat(MIB) + "\"}";
        problem(Api.bearer(token).contentType("application/json").body(over).post("/api/patients").then(), 413)
                .header("Connection", "close").body("title", equalTo("Content Too Large"))
                .body("detail", equalTo("The request body is larger than 1 MiB"));
        problem(given().header("X-Tenant-Id", 1).contentType("application/json")
                .body("{\"email\": \"big@x.example\", \"password\": \"" + "p".repeat(MIB) + "\"}")
                .post("/api/customers").then(), 413);
        // Without a declared length (chunked), the limit applies while the body is read.
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port() + "/api/patients"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(over.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode());
        assertEquals(Problem.MEDIA_TYPE, chunked.headers().firstValue("Content-Type").orElse(""));
        assertTrue(chunked.body().contains("\"detail\":\"The request body is larger than 1 MiB\""), chunked.body());
        // Just under the limit, the body is read and judged on its content.
        String under = "{\"firstName\": \"A\", \"surname\": \"" + "x".repeat(MIB - 100) + "\"}";
        on(path).contentType("application/json").body(under).post("/api/patients").then().statusCode(400)
                .body("violations[0].field", equalTo("surname"));
        assertEquals(0L, Sql.count("SELECT count(*) FROM patient_core WHERE length(surname) > 1000"));
    }

    /** A form body is read by Vert.x before REST sees it; past its limits it is refused there, as problem+json. */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aFormBodyPastTheFormLimitsIsAProblemNotAnErrorPage(ReadPath path) {
        String longField = "email=" + "x".repeat(10_000);
        StringBuilder manyFields = new StringBuilder("a=1");
        for (int i = 0; i < 1_000; i++) {
            manyFields.append("&f").append(i).append('=').append(i);
        }
        for (String form : List.of(longField, manyFields.toString())) {
            // Refused before the read path is chosen: no X-Read-Path.
            problem(Api.bearer(Tokens.of(Api.user(path), 1, Roles.CLINICIAN))
                    .contentType("application/x-www-form-urlencoded").body(form).post("/api/patients").then(), 400)
                    .body(not(containsString("netty")));
            problem(given().header("X-Tenant-Id", 1).contentType("application/x-www-form-urlencoded").body(form)
                    .post("/api/customers").then(), 400);
        }
        // Within the limits, a form is simply not what these endpoints take.
        problem(on(path).contentType("application/x-www-form-urlencoded").body("surname=Short").post("/api/patients")
                .then(), 415);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void headersOfTenThousandCharactersAreRefusedOrIgnoredNeverFatal(ReadPath path) {
        String long10k = "7".repeat(10_000);
        problem(on(path).header("X-Tenant-Id", long10k).get("/api/patients").then(), 400)
                .body("violations[0].field", equalTo("X-Tenant-Id"));
        problem(given().header("Authorization", "Bearer " + long10k).get("/api/patients").then(), 401)
                .body("detail", equalTo("The bearer token is not a valid signed JWT"));
        problem(given().header("Authorization", long10k).get("/api/patients").then(), 401);
        problem(given().header("X-Tenant-Id", long10k).contentType("application/json")
                .body(Map.of("email", "user87@example.org", "password", "legacy-pass-87"))
                .post("/api/customers/login").then(), 400)
                .body("detail", equalTo("The header X-Tenant-Id must be a positive whole number, in ASCII digits without a sign or leading zeros"));
        for (String ignored : new String[] {"X-Anything", "X-User-Id", "Accept-Language"}) {
            on(path).header(ignored, long10k).get("/api/patients?size=1").then().statusCode(200)
                    .body("size", equalTo(1));
        }
    }

    @Test
    void everyAnswerCarriesTheRequestIdOrAFreshOne() {
        String token = Tokens.of(Api.LEGACY_USER, 1, Roles.CLINICIAN);
        Api.bearer(token).header(RequestIds.HEADER, "req-42.a_B").get("/api/patients?size=1").then()
                .statusCode(200).header(RequestIds.HEADER, equalTo("req-42.a_B"));
        String sane200 = "a".repeat(200);
        Api.bearer(token).header(RequestIds.HEADER, sane200).get("/api/patients?size=1").then()
                .header(RequestIds.HEADER, equalTo(sane200));
        for (String insane : new String[] {"a".repeat(201), "two words", "<script>", "id\u00e9", "x".repeat(10_000)}) {
            Api.bearer(token).header(RequestIds.HEADER, insane).get("/api/patients?size=1").then()
                    .statusCode(200).header(RequestIds.HEADER, matchesPattern(UUID));
        }
        given().get("/api/patients").then().statusCode(401).header(RequestIds.HEADER, matchesPattern(UUID));
        given().header(RequestIds.HEADER, "from-client").get("/api/nothing-here").then().statusCode(404)
                .header(RequestIds.HEADER, equalTo("from-client"));
        given().get("/q/health/live").then().statusCode(200).header(RequestIds.HEADER, matchesPattern(UUID));
        String first = given().get("/q/health/live").header(RequestIds.HEADER);
        String second = given().get("/q/health/live").header(RequestIds.HEADER);
        assertTrue(!first.equals(second), "each request gets its own id");
    }

    private static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }
}
