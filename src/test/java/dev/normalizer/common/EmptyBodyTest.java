package dev.normalizer.common;

import static dev.normalizer.testsupport.Api.on;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.Eventually;
import dev.normalizer.testsupport.Operation;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An empty body where JSON is expected is a 400 problem+json at once, on every operation that the OpenAPI document
 * says takes a body, with and without a token, however the emptiness is sent. It once held a worker for 60 s, then
 * answered a plain-text 500, and its Micrometer timer broke the request metrics.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class EmptyBodyTest {

    /** Operations that take no token: their tenant comes from X-Tenant-Id. */
    private static final List<String> PUBLIC = List.of("POST /api/customers", "POST /api/customers/login");
    /** Three ways to send nothing: a declared length of 0, an empty chunked body, and no length at all. */
    private static final List<String> EMPTY = List.of("Content-Length: 0\r\n",
            "Transfer-Encoding: chunked\r\n\r\n0", "");
    /** Far below the 60 s an empty body once took, far above any honest answer. */
    private static final long FAST_MILLIS = 5_000;

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void anEmptyBodyIs400AtOnceOnEveryOperationThatTakesOne(ReadPath path) throws IOException {
        String token = "Authorization: Bearer " + Tokens.of(Api.user(path), 1, Roles.ADMIN, Roles.CLINICIAN);
        List<Operation> operations = Operation.withBody();
        assertTrue(operations.size() >= 9, "operations with a body: " + operations);
        for (Operation operation : operations) {
            String uri = operation.uri(Map.of("subjects", "patients"));
            for (String type : operation.bodyTypes()) {
                for (String empty : EMPTY) {
                    String what = operation + " " + type + " [" + empty.strip() + "]";
                    Answer answer = send(operation.method(), uri, "Content-Type: " + type + "\r\n" + token, empty);
                    assertEmptyBodyIs400(what, answer);
                    assertTrue(answer.raw.contains("X-Read-Path: " + path.headerValue()), what + ": " + answer.raw);
                    if (PUBLIC.contains(operation.toString())) {
                        assertEmptyBodyIs400(what + " without a token", send(operation.method(), uri,
                                "Content-Type: " + type + "\r\nX-Tenant-Id: 1", empty));
                    }
                }
            }
        }
    }

    /** Endpoints without a body still answer when a client sends a JSON content type and nothing else. */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void anEmptyBodyWhereNoneIsExpectedIsServed(ReadPath path) throws IOException {
        long patient = on(path).contentType("application/json").body(Map.of("firstName", "E", "surname", "Empty"))
                .post("/api/patients").then().statusCode(201).extract().jsonPath().getLong("id");
        String token = "Authorization: Bearer " + Tokens.of(Api.user(path), 1, Roles.ADMIN);
        for (String empty : EMPTY) {
            Answer answer = send("POST", "/api/privacy/patients/" + patient + "/restriction",
                    "Content-Type: application/json\r\n" + token, empty);
            assertEquals(201, answer.status, answer.raw);
            assertTrue(answer.millis < FAST_MILLIS, answer.millis + " ms");
            answer = send("DELETE", "/api/privacy/patients/" + patient + "/restriction",
                    "Content-Type: application/json\r\n" + token, empty);
            assertEquals(201, answer.status, answer.raw);
        }
    }

    /**
     * A connection closed before its body has come is recorded as a {@code RESET}, with the same tag keys as every
     * other request: once, such a timer without {@code read_path} made Prometheus refuse every later one.
     */
    @Test
    void aRequestCutOffMidBodyIsCountedLikeAnyOther() throws IOException {
        try (Socket socket = new Socket("localhost", port())) {
            socket.getOutputStream().write(("POST /api/customers/login HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-Tenant-Id: 1\r\nContent-Length: 100\r\n\r\n{\"email\":")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }
        Eventually.until("the reset counted", () -> metrics().lines().anyMatch(line ->
                line.startsWith("http_server_requests_seconds_count{") && line.contains("status=\"RESET\"")
                        && line.contains("read_path=\"none\"")), Duration.ofSeconds(10));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static void assertEmptyBodyIs400(String what, Answer answer) {
        assertTrue(answer.millis < FAST_MILLIS, what + " took " + answer.millis + " ms");
        assertEquals(400, answer.status, what + ": " + answer.raw);
        assertTrue(answer.raw.contains("Content-Type: " + Problem.MEDIA_TYPE), what + ": " + answer.raw);
        assertTrue(answer.raw.contains("\"detail\":\"The request body is empty; a JSON object is expected\""),
                what + ": " + answer.raw);
        assertFalse(answer.raw.contains("Stack"), what + ": " + answer.raw);
    }

    private record Answer(int status, String raw, long millis) {
    }

    /** A raw HTTP/1.1 request, so that the body is sent exactly as {@code empty} says. */
    private static Answer send(String method, String uri, String headers, String empty) throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket("localhost", port())) {
            socket.setSoTimeout(65_000);
            String request = method + " " + uri + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
                    + "\r\n" + empty + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(raw);
            String answer = raw.toString(StandardCharsets.UTF_8);
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new Answer(Integer.parseInt(answer.substring(9, 12)), answer, millis);
        }
    }

    private static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }
}
