package dev.normalizer.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.normalizer.testsupport.OpenApiValidation;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The filter that checks every test's answers against the OpenAPI document ({@link OpenApiValidation}) passes what the
 * document describes and fails, saying where, what it does not; it never fails a test for the request it sent. A small
 * HTTP server answers what each test tells it to, and a document of its own ({@code openapi/validation-probe.json})
 * stands for {@code docs/openapi.json}.
 */
class OpenApiValidationTest {

    private static final Path DOCUMENT = Path.of("src", "test", "resources", "openapi", "validation-probe.json");
    private static final Filter VALIDATION = OpenApiValidation.filter(DOCUMENT);

    private static HttpServer server;
    private static volatile Answer next;

    record Answer(int status, String contentType, String body) {
    }

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Answer answer = next;
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void anAnswerTheDocumentDescribesPasses() {
        answer(200, "application/json", "{\"id\": 7, \"name\": \"seven\"}");
        request().get("/things/7").then().statusCode(200).body("name", equalTo("seven"));

        answer(404, "application/problem+json", "{\"title\": \"Not Found\", \"status\": 404}");
        request().get("/things/8").then().statusCode(404);
    }

    @Test
    void aDocumentedKeyOfTheWrongTypeFailsNamingOperationStatusAndPointer() {
        answer(200, "application/json", "{\"id\": \"secret-seven\", \"name\": \"seven\"}");
        String failure = failure(() -> request().get("/things/7"));
        assertAll(
                () -> assertTrue(failure.startsWith("the answer to GET /things/7 (GET /things/{id}) is not what "
                        + DOCUMENT + " describes:"), failure),
                () -> assertTrue(failure.contains("\"key\" : \"validation.response.body.schema.type\""), failure),
                () -> assertTrue(failure.contains("\"responseStatus\" : 200"), failure),
                () -> assertTrue(failure.contains("\"instance\" : \"/id\""), failure),
                () -> assertTrue(failure.contains("(allowed: [\\\"integer\\\"])"), failure),
                // The validator's words only: neither it nor the filter prints the value here.
                () -> assertFalse(failure.contains("secret-seven"), failure));
    }

    @Test
    void aMissingRequiredKeyOrAnUndocumentedKeyFails() {
        answer(200, "application/json", "{\"id\": 7}");
        assertTrue(failure(() -> request().get("/things/7")).contains("validation.response.body.schema.required"));

        // The validator treats each object schema as closed (additionalProperties: false) unless it says otherwise.
        answer(200, "application/json", "{\"id\": 7, \"name\": \"seven\", \"colour\": \"crimson-secret\"}");
        String failure = failure(() -> request().get("/things/7"));
        assertTrue(failure.contains("validation.response.body.schema.additionalProperties"), failure);
        assertTrue(failure.contains("colour"), failure);
        assertFalse(failure.contains("crimson-secret"), failure);
    }

    @Test
    void aStatusTheOperationDoesNotDocumentFails() {
        answer(418, "application/problem+json", "{\"title\": \"I'm a teapot\", \"status\": 418}");
        String failure = failure(() -> request().get("/things/7"));
        assertTrue(failure.startsWith("the answer to GET /things/7 (GET /things/{id})"), failure);
        assertTrue(failure.contains("\"key\" : \"validation.response.status.unknown\""), failure);
        assertTrue(failure.contains("Response status 418 not defined for path '/things/{id}'"), failure);
    }

    @Test
    void aFailureReportsTheAnswerOnlyNotWhatWasWrongWithTheRequest() {
        answer(200, "application/json", "{\"id\": 7}");
        String failure = failure(() -> request().queryParam("limit", "secret-limit").get("/things/7"));
        assertTrue(failure.contains("validation.response.body.schema.required"), failure);
        assertFalse(failure.contains("validation.request"), failure);
        assertFalse(failure.contains("secret-limit"), failure);
    }

    @Test
    void aRequestTheDocumentForbidsDoesNotFailByItself() {
        // The id is not an integer and the limit is out of bounds and no number: the hostile input tests send such.
        answer(404, "application/problem+json", "{\"title\": \"Not Found\", \"status\": 404}");
        request().queryParam("limit", "many").get("/things/seven").then().statusCode(404);
        request().queryParam("limit", 0).get("/things/7").then().statusCode(404);
    }

    @Test
    void aPathTheDocumentDoesNotDescribeIsNotChecked() {
        answer(200, "text/plain", "UP");
        request().get("/q/health").then().statusCode(200);
        // The documented path, with a method it does not document: the request is wrong, not the answer.
        answer(405, "text/plain", "");
        request().delete("/things/7").then().statusCode(405);
    }

    @Test
    void aDocumentThatDoesNotLoadFailsEachRequestSayingSo() {
        Filter broken = OpenApiValidation.filter(Path.of("target", "no-such-openapi.json"));
        answer(200, "application/json", "{\"id\": 7, \"name\": \"seven\"}");
        AssertionError e = assertThrows(AssertionError.class, () -> base().filter(broken).get("/things/7"));
        assertTrue(e.getMessage().contains("no-such-openapi.json, since it does not load"), e.getMessage());
    }

    @Test
    void theLauncherInstalledTheFilterForTheDocumentOnceForTheWholeRun() {
        assertEquals(1, OpenApiValidation.installed(), RestAssured.filters().toString());
        OpenApiValidation.install();
        assertEquals(1, OpenApiValidation.installed(), "installing twice adds nothing");
    }

    private static void answer(int status, String contentType, String body) {
        next = new Answer(status, contentType, body);
    }

    /** A request through the test document's filter only: the global one checks against docs/openapi.json. */
    private static RequestSpecification request() {
        return base().filter(VALIDATION);
    }

    private static RequestSpecification base() {
        return given().noFilters().baseUri("http://localhost").port(server.getAddress().getPort());
    }

    private static String failure(Runnable request) {
        return assertThrows(AssertionError.class, request::run).getMessage();
    }
}
