package dev.normalizer.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.testsupport.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/openapi} describes every endpoint of the service: its success status with a real example of the
 * answer (and of the request body), and the problem+json errors it can answer with, each with an example.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class OpenApiTest {

    private static final Map<Class<? extends Annotation>, String> METHODS = Map.of(GET.class, "GET", POST.class,
            "POST", PUT.class, "PUT", PATCH.class, "PATCH", DELETE.class, "DELETE");

    static final String PUBLISHED = "docs/openapi.json";
    private static final Set<String> SELF_SERVICE = Set.of("POST /api/customers", "POST /api/customers/login",
            "GET /api/customers/session");

    private JsonNode document;

    @BeforeEach
    void fetch() throws Exception {
        document = new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().asString());
    }

    @Test
    void everyEndpointOfTheServiceIsDescribedAndNothingElse() throws Exception {
        assertEquals(endpointsOfTheResources(), operations());
    }

    @Test
    void everyOperationHasItsSuccessWithARealExample() {
        for (String key : operations()) {
            JsonNode operation = operation(key);
            List<String> successes = codes(operation).stream().filter(code -> code.startsWith("2")).toList();
            assertEquals(1, successes.size(), key + " success statuses: " + successes);
            JsonNode success = operation.path("responses").path(successes.get(0));
            assertExample(key + " " + successes.get(0), success.path("content"));
            assertFalse(success.path("headers").path("X-Read-Path").isMissingNode(), key + " X-Read-Path");
            if (operation.has("requestBody")) {
                assertExample(key + " request body", operation.path("requestBody").path("content"));
            }
        }
        assertEquals("201", successOf("POST /api/patients"));
        assertEquals("200", successOf("GET /api/patients/{id}"));
        assertEquals("Rossi", operation("GET /api/patients/{id}").path("responses").path("200").path("content")
                .path("application/json").path("example").path("surname").asText());
    }

    @Test
    void everyOperationNamesItsErrorsAsProblemsWithExamples() {
        for (String key : operations()) {
            JsonNode operation = operation(key);
            Set<String> expected = new TreeSet<>(List.of("400", "401", "409", "500", "503"));
            if (!SELF_SERVICE.contains(key)) {
                expected.add("403");
            }
            if (key.contains("{")) {
                expected.add("404");
            }
            if (operation.has("requestBody")) {
                expected.addAll(List.of("413", "415"));
            }
            assertTrue(codes(operation).containsAll(expected), key + " answers " + codes(operation) + ", documented"
                    + " are not all of " + expected);
            for (String code : codes(operation)) {
                if (code.startsWith("4") || code.startsWith("5")) {
                    JsonNode problem = operation.path("responses").path(code).path("content")
                            .path(Problem.MEDIA_TYPE);
                    assertEquals("#/components/schemas/Problem", problem.path("schema").path("$ref").asText(),
                            key + " " + code);
                    assertEquals(Integer.parseInt(code), problem.path("example").path("status").asInt(),
                            key + " " + code + " example");
                }
            }
        }
        assertTrue(codes(operation("POST /api/customers")).contains("409"), "a taken e-mail is a 409");
        assertFalse(document.path("components").path("schemas").path("Problem").isMissingNode());
    }

    /**
     * docs/openapi.json is the document consumers read and generate clients from (the test build generates one);
     * it must be exactly what the service serves. On a change, the served document is in target/openapi.json.
     */
    @Test
    void thePublishedDocumentIsTheServedOne() throws Exception {
        ObjectMapper json = new ObjectMapper();
        java.nio.file.Path served = Paths.get("target/openapi.json");
        json.writerWithDefaultPrettyPrinter().writeValue(served.toFile(), document);
        java.nio.file.Path published = Paths.get(PUBLISHED);
        assertTrue(Files.exists(published), PUBLISHED + " is missing: copy " + served + " there");
        assertTrue(json.readTree(published.toFile()).equals(document), PUBLISHED + " differs from /q/openapi: review "
                + "the change (diff " + PUBLISHED + " " + served + "), then copy " + served + " there");
    }

    @Test
    void everyOperationHasAnIdATagAndATypedAnswer() {
        Set<String> ids = new TreeSet<>();
        for (String key : operations()) {
            JsonNode operation = operation(key);
            assertTrue(operation.path("operationId").isTextual(), key + " has no operationId");
            assertTrue(ids.add(operation.path("operationId").asText()), key + " repeats an operationId");
            assertTrue(operation.path("tags").size() > 0, key + " has no tag");
            JsonNode success = operation.path("responses").path(successOf(key)).path("content")
                    .path("application/json").path("schema");
            assertFalse(success.path("$ref").asText().isEmpty(), key + " answers without a named schema");
        }
    }

    @Test
    void selfServiceNeedsNoJwtButNamesItsTenant() {
        for (String key : SELF_SERVICE) {
            JsonNode operation = operation(key);
            assertFalse(operation.path("security").toString().contains("jwt"), key + " asks for a JWT");
            assertTrue(operation.path("parameters").toString().contains("\"X-Tenant-Id\""), key);
        }
        assertTrue(operation("GET /api/patients/{id}").path("security").toString().contains("jwt"));
    }

    @Test
    void swaggerUiIsOffOutsideDev() {
        given().get("/q/swagger-ui").then().statusCode(404);
    }

    private static void assertExample(String what, JsonNode content) {
        assertTrue(content.size() > 0, what + " has no content");
        content.forEach(mediaType -> {
            JsonNode example = mediaType.path("example");
            assertTrue(example.isObject() && example.size() > 0, what + " has no example");
        });
    }

    private String successOf(String key) {
        return codes(operation(key)).stream().filter(code -> code.startsWith("2")).findFirst().orElseThrow();
    }

    private static Set<String> codes(JsonNode operation) {
        Set<String> codes = new TreeSet<>();
        operation.path("responses").fieldNames().forEachRemaining(codes::add);
        return codes;
    }

    private JsonNode operation(String key) {
        String[] parts = key.split(" ", 2);
        JsonNode operation = document.path("paths").path(parts[1]).path(parts[0].toLowerCase());
        assertFalse(operation.isMissingNode(), key + " is not in the document");
        return operation;
    }

    /** "METHOD /path" of every operation of the document. */
    private Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> operations.add(method.toUpperCase() + " "
                    + path.getKey()));
        }
        return operations;
    }

    /** "METHOD /path" of every resource method of the service's classes. */
    private static Set<String> endpointsOfTheResources() throws Exception {
        Set<String> endpoints = new TreeSet<>();
        java.nio.file.Path classes = Paths.get("target/classes");
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("dev/normalizer"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith("Resource.class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name);
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    METHODS.forEach((annotation, verb) -> {
                        if (method.isAnnotationPresent(annotation)) {
                            Path sub = method.getAnnotation(Path.class);
                            endpoints.add(verb + " " + root.value() + (sub == null ? "" : "/" + sub.value()));
                        }
                    });
                }
            }
        }
        assertNotNull(endpoints);
        return endpoints;
    }
}
