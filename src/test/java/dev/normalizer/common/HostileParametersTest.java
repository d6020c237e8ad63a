package dev.normalizer.common;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.Operation;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Query parameters and path ids that PostgreSQL would refuse, or that named a record in more than one spelling: each
 * is a 400 problem+json naming the parameter, on every operation of the OpenAPI document.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HostileParametersTest {

    /** Ways to write 2 that Java's parsing took for 2: a sign, a leading zero, other digits, matrix parameters. */
    private static final List<String> NOT_CANONICAL = List.of("+2", "02", "%D9%A2", "%EF%BC%92", "%DB%B2", "2;x=1",
            "2%20", "%202", "-0", "2.0", "0x2");

    private static RequestSpecification caller(ReadPath path) {
        return on(path, 1, Roles.ADMIN, Roles.CLINICIAN);
    }

    private static ValidatableResponse invalid(ValidatableResponse response) {
        return response.statusCode(400).contentType(Problem.MEDIA_TYPE).body("status", equalTo(400))
                .body(not(containsString("Exception"))).body(not(containsString("dev.normalizer")));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aNulInAnyQueryParameterIs400NamingIt(ReadPath path) {
        int checked = 0;
        for (Operation operation : Operation.all()) {
            for (String parameter : queryParameters(operation)) {
                invalid(caller(path).queryParam(parameter, "a\u0000b").request(operation.method(),
                        operation.uri(Map.of("subjects", "patients")))
                        .then()).body("violations.field", hasItem(parameter))
                        .body("violations.message", hasItem("must not contain the NUL character (%00)"));
                checked++;
            }
        }
        assertTrue(checked >= 12, checked + " query parameters");
        invalid(caller(path).queryParam("surname", "%00").urlEncodingEnabled(false).get("/api/patients").then())
                .body("violations[0].field", equalTo("surname"));
    }

    /** A NUL in a header value is refused by the HTTP layer before the service sees it: an empty 400, closed. */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aNulInAHeaderNeverReachesTheService(ReadPath path) throws IOException {
        String token = Tokens.of(Api.user(path), 1, Roles.CLINICIAN);
        for (String header : List.of("X-Client-Note: a\u0000b", "User-Agent: \u0000", "X-Tenant-Id: 1\u0000")) {
            String answer = send("GET /api/patients?size=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token + "\r\n" + header + "\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertFalse(answer.contains(ReadPath.HEADER), "the service never saw it: " + answer);
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void anIdThatIsNotCanonicalIs400OnEveryPathThatTakesOne(ReadPath path) {
        int checked = 0;
        for (Operation operation : Operation.all()) {
            if (!operation.path().contains("{id}")) {
                continue;
            }
            for (String id : NOT_CANONICAL) {
                RequestSpecification request = caller(path).urlEncodingEnabled(false);
                if (operation.hasBody()) {
                    request.contentType(operation.bodyTypes().get(0)).body(operation.exampleBody());
                }
                String uri = operation.uri(Map.of("subjects", "patients", "id", id));
                invalid(request.request(operation.method(), uri).then())
                        .body("violations.field", hasItem(id.contains(";") ? "path" : "id"));
                checked++;
            }
        }
        assertTrue(checked >= 15 * NOT_CANONICAL.size(), checked + " requests");
        caller(path).get("/api/patients/2").then().statusCode(200).body("id", equalTo(2));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void pagingAndFiltersThatAreNotCanonicalAre400(ReadPath path) {
        for (String value : List.of("+1", "01", "%D9%A1", "1.0", "%201", "1%00")) {
            invalid(caller(path).urlEncodingEnabled(false).get("/api/patients?size=" + value).then())
                    .body("violations[0].field", equalTo("size"));
            invalid(caller(path).urlEncodingEnabled(false).get("/api/customers?page=" + value).then())
                    .body("violations[0].field", equalTo("page"));
            invalid(caller(path).urlEncodingEnabled(false).get("/api/customers?companyId=" + value).then())
                    .body("violations[0].field", equalTo("companyId"));
        }
        caller(path).get("/api/patients?size=10&page=0").then().statusCode(200).body("size", equalTo(10));
        for (String date : List.of("-4714-01-01", "+300000-01-01", "0000-01-01")) {
            invalid(caller(path).queryParam("dateOfBirth", date).get("/api/patients").then())
                    .body("violations[0].field", equalTo("dateOfBirth"))
                    .body("violations[0].message", equalTo("must be between 0001-01-01 and 9999-12-31"));
        }
    }

    private static List<String> queryParameters(Operation operation) {
        List<String> names = new ArrayList<>();
        operation.description().path("parameters").forEach(parameter -> {
            if (parameter.path("in").asText().equals("query")) {
                names.add(parameter.path("name").asText());
            }
        });
        return names;
    }

    private static String send(String request) throws IOException {
        try (Socket socket = new Socket("localhost", ConfigProvider.getConfig().getValue("quarkus.http.test-port",
                Integer.class))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(raw);
            return raw.toString(StandardCharsets.UTF_8);
        }
    }
}
