package dev.normalizer.testsupport;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations that {@code /q/openapi} describes, so that a test can sweep every endpoint, including those added
 * after it was written.
 *
 * @param method upper case, as sent
 * @param path the template, such as {@code /api/patients/{id}}
 */
public record Operation(String method, String path, JsonNode description) {

    private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)}");

    public static List<Operation> all() {
        JsonNode document;
        try {
            document = new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi").then()
                    .statusCode(200).extract().asString());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method ->
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), method.getValue()))));
        return operations;
    }

    /** The operations that take a request body. */
    public static List<Operation> withBody() {
        return all().stream().filter(Operation::hasBody).toList();
    }

    public boolean hasBody() {
        return description.has("requestBody");
    }

    /** The media types its body may have. */
    public List<String> bodyTypes() {
        List<String> types = new ArrayList<>();
        description.path("requestBody").path("content").fieldNames().forEachRemaining(types::add);
        return types;
    }

    /** The documented example of its body, as JSON text. */
    public String exampleBody() {
        return bodyExample().toString();
    }

    public JsonNode bodyExample() {
        String type = bodyTypes().get(0);
        return description.path("requestBody").path("content").path(type).path("example");
    }

    /** Its path with each {@code {name}} replaced by the value given, or 1. */
    public String uri(Map<String, String> parameters) {
        return PARAMETER.matcher(path)
                .replaceAll(m -> Matcher.quoteReplacement(parameters.getOrDefault(m.group(1), "1")));
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
