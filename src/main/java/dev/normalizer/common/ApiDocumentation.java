package dev.normalizer.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.customer.LoginThrottle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the OpenAPI document that SmallRye derives from the resources ({@code /q/openapi}): every operation's
 * success status and a real example of its answer and request body ({@code openapi/examples.json}, recorded from
 * the service on the legacy sample), the problem+json errors it can answer with, each with an example, and the
 * {@code X-Read-Path} and {@code X-Request-Id} headers. {@code OpenApiTest} checks that no operation lacks any of it.
 */
public class ApiDocumentation implements OASFilter {

    private static final String EXAMPLES = "openapi/examples.json";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    private static final String REFUSED = "Request refused: the patient was erased. The refusal is recorded as "
            + "/api/privacy/requests/7.";
    /** Operations that refuse with 409, with why: a taken e-mail, a reservation cancelled already, a refusal. */
    private static final Map<String, String> CONFLICTS = Map.of(
            "POST /api/customers", "A customer with this e-mail already exists in this company",
            "POST /api/reservations/{id}/cancel", "Reservation 10 is cancelled and cannot be cancelled",
            "POST /api/privacy/{subjects}/{id}/rectification", REFUSED,
            "POST /api/privacy/{subjects}/{id}/erasure", REFUSED,
            "POST /api/privacy/{subjects}/{id}/restriction", REFUSED,
            "DELETE /api/privacy/{subjects}/{id}/restriction", REFUSED);
    /** Operations of the login throttle (customer/LoginThrottle), which answer 429 with Retry-After. */
    private static final Set<String> THROTTLED = Set.of("POST /api/customers", "POST /api/customers/login");

    private final ObjectMapper json = new ObjectMapper();
    private final JsonNode examples = load();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.setInfo(OASFactory.createInfo().title("schema-normalizer").version("0.1.0").description("""
                The patient and customer APIs of the contract, served over a database that is being normalized. \
                Each request reads through the legacy shape or the normalized tables, as the Unleash flag \
                NORMALIZED_SCHEMA_ENABLED decides for the caller; both give the same JSON, and X-Read-Path names \
                the one that answered. Every /api request carries a bearer JWT (tenant_id, sub, groups), except \
                customer registration, login and session, which name their tenant with X-Tenant-Id. Errors are \
                RFC 9457 problem documents (application/problem+json)."""));
        openAPI.getComponents().addSchema("Problem", problemSchema());
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> document(method + " " + path, operation)));
    }

    private void document(String key, Operation operation) {
        APIResponses responses = operation.getResponses();
        JsonNode example = examples.get(key);
        if (example != null) {
            String status = example.get("status").asText();
            APIResponse success = responses.getAPIResponse("200");
            if (!"200".equals(status) && success != null) {
                responses.removeAPIResponse("200");
                responses.addAPIResponse(status, success);
            }
            success = responses.getAPIResponse(status);
            success.setDescription(status.equals("201") ? "Created" : "OK");
            exampleOf(success.getContent(), example.get("response"));
            if (example.has("request") && operation.getRequestBody() != null) {
                exampleOf(operation.getRequestBody().getContent(), example.get("request"));
            }
            success.addHeader("X-Read-Path", header("The read path that answered: legacy or normalized"));
            success.addHeader("X-Request-Id", header("The caller's request id, when it is a valid one, or a new UUID"));
        }
        problem(responses, "400", "Bad Request", Problem.invalid("The request has 1 invalid field(s)",
                List.of(new Problem.Violation("dateOfBirth", "must be a valid date as YYYY-MM-DD"))));
        problem(responses, "401", "Unauthorized", Problem.of(401, "Unauthorized", "A bearer token is required"));
        problem(responses, "403", "Forbidden", Problem.of(403, "Forbidden",
                "This request needs one of the roles clinician, admin; the token has none"));
        if (key.contains("{")) {
            problem(responses, "404", "Not Found", Problem.of(404, "Not Found", "Patient 999999 does not exist"));
        }
        if (CONFLICTS.containsKey(key)) {
            problem(responses, "409", "Conflict", Problem.of(409, "Conflict", CONFLICTS.get(key)));
        }
        if (THROTTLED.contains(key)) {
            problem(responses, "429", "Too Many Requests", LoginThrottle.REFUSAL);
            responses.getAPIResponse("429").addHeader("Retry-After", header("Seconds to wait before trying again"));
        }
        if (operation.getRequestBody() != null) {
            problem(responses, "413", "Content Too Large", Problem.of(413, "Content Too Large",
                    "The request body is larger than 1 MiB"));
            problem(responses, "415", "Unsupported Media Type", Problem.of(415, "Unsupported Media Type",
                    "This content type is not supported here"));
        }
        problem(responses, "500", "Internal Server Error", Problem.of(500, "Internal Server Error",
                "The request could not be completed"));
        problem(responses, "503", "Service Unavailable", Problem.of(503, "Service Unavailable",
                "The database is unavailable or overloaded; try again shortly"));
    }

    /** Sets the example on every media type of the content (JSON, or merge-patch JSON for PATCH). */
    private void exampleOf(Content content, JsonNode example) {
        if (content != null && content.getMediaTypes() != null) {
            Object value = json.convertValue(example, Object.class);
            content.getMediaTypes().values().forEach(mediaType -> mediaType.setExample(value));
        }
    }

    private void problem(APIResponses responses, String status, String description, Problem example) {
        APIResponse response = responses.getAPIResponse(status);
        if (response == null) {
            response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(status, response);
        }
        MediaType mediaType = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))
                .example(json.convertValue(example, Object.class));
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, mediaType));
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static Schema problemSchema() {
        Map<String, Schema> violation = new LinkedHashMap<>();
        violation.put("field", string("the API field or parameter"));
        violation.put("message", string("what is wrong with it"));
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", string("about:blank, or /problems/validation for invalid fields"));
        properties.put("title", string("the status's reason phrase, or Invalid request"));
        properties.put("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
        properties.put("detail", string("what went wrong, for a person; never a class name, stack trace or SQL"));
        properties.put("violations", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).properties(violation)));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem document").properties(properties)
                .required(List.of("type", "title", "status"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }

    private JsonNode load() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(EXAMPLES)) {
            if (in == null) {
                throw new IllegalStateException("no " + EXAMPLES + " on the class path");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
