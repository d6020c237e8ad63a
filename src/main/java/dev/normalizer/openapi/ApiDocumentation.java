package dev.normalizer.openapi;

import dev.normalizer.common.Resources;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.common.DatabaseFault;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.Problem;
import dev.normalizer.common.PublicId;
import dev.normalizer.common.RequestIds;
import dev.normalizer.customer.LoginThrottle;
import dev.normalizer.privacy.SubjectType;
import dev.normalizer.readpath.ReadPath;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document that SmallRye derives from the resources ({@code /q/openapi}) into one that
 * generated clients can use: the patient's schemas from the column catalog ({@link PatientSchemas}), local
 * timestamps as what they are, every key of an answer present and each nullable one said so, bounded paging, the
 * headers (X-Tenant-Id, X-Request-Id, X-Read-Path, Location, Retry-After), the self-service operations without a
 * bearer JWT, each operation's success status with a real example ({@code openapi/examples.json}, recorded from the
 * service on the legacy sample), and the problem+json errors it can answer with. {@code docs/openapi.json} holds
 * the result; {@code OpenApiTest} checks it against what is served.
 */
public class ApiDocumentation implements OASFilter {

    static final String CUSTOMER_SESSION = "customerSession";
    private static final String EXAMPLES = "openapi/examples.json";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String PROBLEM = "Problem";
    private static final String REFUSED = "Request refused: the patient was erased. The refusal is recorded as "
            + "/api/privacy/requests/7.";
    /** Operations that refuse with a 409 of their own, with why; any operation may meet a lock's 409. */
    private static final Map<String, String> CONFLICTS = Map.of(
            "registerCustomer", "A customer with this e-mail already exists in this company",
            "cancelReservation", "Reservation 10 is cancelled and cannot be cancelled",
            "requestRectification", REFUSED,
            "requestErasure", REFUSED,
            "requestRestriction", REFUSED,
            "liftRestriction", REFUSED);
    /** Registration, login and session name their tenant with X-Tenant-Id and need no JWT. */
    private static final Set<String> SELF_SERVICE = Set.of("registerCustomer", "login", "currentSession");
    /** Operations of the login throttle (customer/LoginThrottle), which answer 429 with Retry-After. */
    private static final Set<String> THROTTLED = Set.of("registerCustomer", "login");
    /** The patient bodies, which the resources take as JSON trees and PatientInput checks against the catalog. */
    private static final Map<String, String> PATIENT_BODIES = Map.of("createPatient", PatientSchemas.INPUT,
            "replacePatient", PatientSchemas.INPUT, "patchPatient", PatientSchemas.PATCH);
    /** The kind of record behind the {id} of each collection, whose public id it also takes. */
    private static final Map<String, PublicId> COLLECTIONS = Map.of("patients", PublicId.PATIENT, "customers",
            PublicId.CUSTOMER, "orders", PublicId.ORDER, "reservations", PublicId.RESERVATION, "companies",
            PublicId.COMPANY);

    private final ObjectMapper json = new ObjectMapper();
    private final JsonNode examples = load();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.setInfo(OASFactory.createInfo().title("schema-normalizer").version("0.1.0").description("""
                The patient and customer APIs of the contract, served over a database that is being normalized. \
                Each request reads through the legacy shape or the normalized tables, as the Unleash flag \
                NORMALIZED_SCHEMA_ENABLED decides for the caller; both give the same JSON, and X-Read-Path names \
                the one that answered. Every /api request carries a bearer JWT (tenant_id, sub, groups), except \
                customer registration, login and session, which name their tenant with X-Tenant-Id. (With \
                authentication off, for development only, every request names its tenant with X-Tenant-Id and \
                its user with X-User-Id.) Errors are RFC 9457 problem documents (application/problem+json)."""));
        Components components = openAPI.getComponents();
        components.addSchema(PROBLEM, problemSchema());
        components.removeSchema("JsonNodeType");
        PatientSchemas.addTo(components);
        components.getSchemas().get("AccessExport").addProperty("data", accessData());
        components.addSecurityScheme(CUSTOMER_SESSION, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").description("The opaque session token that "
                        + "POST /api/customers/login returns"));
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> document(method, path, operation)));
        requireEveryKeyOfAnswers(openAPI);
        inline(openAPI, "LocalDateTime", Schemas::localDateTime);
        inline(openAPI, "JsonNode", () -> Schemas.of(SchemaType.OBJECT).additionalPropertiesBoolean(true)
                .description("A JSON object"));
        inline(openAPI, "OffsetDateTime", Schemas::dateTime);
        inline(openAPI, "Instant", Schemas::dateTime);
    }

    private void document(PathItem.HttpMethod method, String path, Operation operation) {
        String id = operation.getOperationId();
        APIResponses responses = operation.getResponses();
        JsonNode example = examples.get(method + " " + path);
        if (example == null) {
            throw new IllegalStateException(EXAMPLES + " has no example of " + method + " " + path);
        }
        String status = example.get("status").asText();
        APIResponse success = responses.getAPIResponse("200");
        if (!"200".equals(status)) {
            responses.removeAPIResponse("200");
            responses.addAPIResponse(status, success);
        }
        success.setDescription(status.equals("201") ? "Created" : "OK");
        exampleOf(success.getContent(), example.get("response"));
        success.addHeader(ReadPath.HEADER, header("The read path that answered: "
                + Arrays.stream(ReadPath.values()).map(ReadPath::headerValue).collect(Collectors.joining(" or "))));
        if (status.equals("201")) {
            success.addHeader("Location", header("The address of the record created"));
        }
        if (PATIENT_BODIES.containsKey(id)) {
            operation.getRequestBody().getContent().getMediaTypes().values()
                    .forEach(type -> type.setSchema(ref(PATIENT_BODIES.get(id))));
        }
        if (example.has("request") && operation.getRequestBody() != null) {
            exampleOf(operation.getRequestBody().getContent(), example.get("request"));
        }
        parameters(path, operation);
        errors(path, operation);
        responses.getAPIResponses().values().forEach(response -> response.addHeader(RequestIds.HEADER,
                header("The request's X-Request-Id when it is a valid one, or a new UUID")));
    }

    /** Typed and bounded parameters (the resources take them as strings, to answer bad ones in words of ours). */
    private static void parameters(String path, Operation operation) {
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                Schema schema = switch (parameter.getName()) {
                    case "page" -> Schemas.of(SchemaType.INTEGER).format("int32").minimum(BigDecimal.ZERO)
                            .defaultValue(0);
                    case "size" -> Schemas.of(SchemaType.INTEGER).format("int32").minimum(BigDecimal.ONE)
                            .maximum(BigDecimal.valueOf(PageRequest.MAX_SIZE)).defaultValue(PageRequest.DEFAULT_SIZE);
                    case "dateOfBirth" -> Schemas.date();
                    case "companyId" -> Schemas.of(SchemaType.INTEGER).format("int32").minimum(BigDecimal.ONE);
                    case "subjects" -> Schemas.of(SchemaType.STRING).enumeration(
                            Arrays.stream(SubjectType.values()).map(t -> (Object) t.segment()).toList());
                    case "id" -> idOf(path);
                    default -> parameter.getSchema();
                };
                parameter.setSchema(schema);
            }
        }
        operation.addParameter(OASFactory.createParameter().name(RequestIds.HEADER).in(Parameter.In.HEADER)
                .description("An id of the caller's choosing ([A-Za-z0-9._-], 1 to 200 characters) that the logs "
                        + "and the audit trail carry; a new UUID when absent or not valid")
                .schema(Schemas.of(SchemaType.STRING).maxLength(200)));
        if (SELF_SERVICE.contains(operation.getOperationId())) {
            operation.addParameter(OASFactory.createParameter().name("X-Tenant-Id").in(Parameter.In.HEADER)
                    .required(true).description("The tenant whose customer this is")
                    .schema(Schemas.of(SchemaType.INTEGER).format("int32").minimum(BigDecimal.ONE)));
            operation.setSecurity(operation.getOperationId().equals("currentSession")
                    ? List.of(OASFactory.createSecurityRequirement().addScheme(CUSTOMER_SESSION))
                    : new ArrayList<SecurityRequirement>());
        }
    }

    /** The {id} of a collection takes the numeric id or the public id; a data-subject request has only a number. */
    private static Schema idOf(String path) {
        String collection = path.split("/")[2];
        if (collection.equals("privacy")) {
            return path.contains("{subjects}") ? Schemas.id(Arrays.stream(SubjectType.values())
                    .map(t -> t.publicId().regex()).collect(Collectors.joining("|")))
                    : Schemas.of(SchemaType.STRING).pattern("^[1-9][0-9]{0,18}$");
        }
        return Schemas.id(COLLECTIONS.get(collection).regex());
    }

    private void errors(String path, Operation operation) {
        String id = operation.getOperationId();
        APIResponses responses = operation.getResponses();
        problem(responses, "400", "Bad Request", Problem.invalid("The request has 1 invalid field(s)",
                List.of(new Problem.Violation("dateOfBirth", "must be a valid date as YYYY-MM-DD"))));
        problem(responses, "401", "Unauthorized", Problem.of(401, "Unauthorized", "A bearer token is required"));
        if (SELF_SERVICE.contains(id)) {
            responses.removeAPIResponse("403");
        } else {
            problem(responses, "403", "Forbidden", Problem.of(403, "Forbidden",
                    "This request needs one of the roles clinician, admin; the token has none"));
        }
        if (path.contains("{")) {
            problem(responses, "404", "Not Found", Problem.of(404, "Not Found", "Patient 999999 does not exist"));
        }
        problem(responses, "409", "Conflict: " + CONFLICTS.getOrDefault(id, "")
                + " (or the record was locked by another request; that one says Retry-After)",
                CONFLICTS.containsKey(id) ? Problem.of(409, "Conflict", CONFLICTS.get(id))
                        : DatabaseFault.CONFLICT.problem());
        retryAfter(responses.getAPIResponse("409"));
        if (THROTTLED.contains(id)) {
            problem(responses, "429", "Too Many Requests", LoginThrottle.REFUSAL);
            retryAfter(responses.getAPIResponse("429"));
        }
        if (operation.getRequestBody() != null) {
            problem(responses, "413", "Content Too Large", Problem.of(413, "Content Too Large",
                    "The request body is larger than 1 MiB"));
            problem(responses, "415", "Unsupported Media Type", Problem.of(415, "Unsupported Media Type",
                    "This content type is not supported here"));
        }
        problem(responses, "500", "Internal Server Error", Problem.of(500, "Internal Server Error",
                "The request could not be completed"));
        problem(responses, "503", "Service Unavailable", DatabaseFault.UNAVAILABLE.problem());
        retryAfter(responses.getAPIResponse("503"));
    }

    /** A customer's access export: the sections of the subject's kind. */
    private static Schema accessData() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("patient", ref(PatientSchemas.RECORD));
        properties.put("customer", ref("CustomerRecord"));
        properties.put("orders", Schemas.of(SchemaType.ARRAY).items(ref("OrderRecord")));
        properties.put("reservations", Schemas.of(SchemaType.ARRAY).items(ref("ReservationRecord")));
        Map<String, Schema> session = new LinkedHashMap<>();
        session.put("createdAt", Schemas.localDateTime());
        session.put("expiresAt", Schemas.localDateTime());
        properties.put("sessions", Schemas.of(SchemaType.ARRAY).items(Schemas.of(SchemaType.OBJECT)
                .properties(session).required(List.copyOf(session.keySet()))));
        return Schemas.of(SchemaType.OBJECT).properties(properties).description("The subject's records: patient "
                + "for a patient; customer, orders, reservations and sessions (without their tokens) for a customer");
    }

    /**
     * Every key of an answer is always sent, null where there is no value: each schema an answer reaches lists all
     * its properties as required, and the nullable ones say so ({@code @Schema(nullable = true)}).
     */
    private static void requireEveryKeyOfAnswers(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Deque<Schema> todo = new ArrayDeque<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                .forEach(operation -> operation.getResponses().getAPIResponses().forEach((code, response) -> {
                    if (code.startsWith("2") && response.getContent() != null) {
                        response.getContent().getMediaTypes().values().forEach(type -> todo.add(type.getSchema()));
                    }
                })));
        Set<String> seen = new HashSet<>(Set.of(PROBLEM));
        while (!todo.isEmpty()) {
            Schema schema = todo.pop();
            if (schema.getRef() != null) {
                String name = schema.getRef().substring(SCHEMAS.length());
                if (seen.add(name)) {
                    Schema component = schemas.get(name);
                    if (component.getProperties() != null) {
                        component.setRequired(new ArrayList<>(component.getProperties().keySet()));
                    }
                    todo.add(component);
                }
                continue;
            }
            if (schema.getProperties() != null) {
                todo.addAll(schema.getProperties().values());
            }
            if (schema.getItems() != null) {
                todo.add(schema.getItems());
            }
        }
    }

    /**
     * SmallRye refers every date-time and JsonNode to one shared schema, and a reference cannot be nullable in
     * OpenAPI 3.0 (SmallRye's allOf for one also typed JsonNode, an Iterable, as an array): each use gets the schema
     * itself, nullable where the field is.
     */
    private static void inline(OpenAPI openAPI, String name, Supplier<Schema> schema) {
        String ref = SCHEMAS + name;
        openAPI.getComponents().removeSchema(name);
        for (Schema component : openAPI.getComponents().getSchemas().values()) {
            Map<String, Schema> properties = component.getProperties() == null ? Map.of()
                    : new LinkedHashMap<>(component.getProperties());
            properties.forEach((key, value) -> {
                List<Schema> wrapped = value.getAnyOf() != null ? value.getAnyOf() : value.getAllOf();
                boolean nullable = value.getAnyOf() != null
                        || value.getType() != null && value.getType().contains(SchemaType.NULL);
                if (ref.equals(value.getRef()) || wrapped != null && ref.equals(wrapped.get(0).getRef())) {
                    Schema inline = schema.get();
                    if (value.getDescription() != null) {
                        inline.setDescription(value.getDescription());
                    }
                    component.addProperty(key, nullable ? Schemas.nullable(inline) : inline);
                }
            });
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
            if (op.getRequestBody() != null) {
                op.getRequestBody().getContent().getMediaTypes().values().stream()
                        .filter(type -> ref.equals(type.getSchema().getRef()))
                        .forEach(type -> type.setSchema(schema.get()));
            }
        }));
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref(SCHEMAS + name);
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
        MediaType mediaType = OASFactory.createMediaType().schema(ref(PROBLEM))
                .example(json.convertValue(example, Object.class));
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, mediaType));
    }

    private static void retryAfter(APIResponse response) {
        response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before trying "
                + "again").schema(Schemas.of(SchemaType.INTEGER).format("int32")));
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description).schema(Schemas.of(SchemaType.STRING));
    }

    private static Schema problemSchema() {
        Map<String, Schema> violation = new LinkedHashMap<>();
        violation.put("field", Schemas.string("the API field or parameter"));
        violation.put("message", Schemas.string("what is wrong with it"));
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", Schemas.string("about:blank, or /problems/validation for invalid fields"));
        properties.put("title", Schemas.string("the status's reason phrase, or Invalid request"));
        properties.put("status", Schemas.of(SchemaType.INTEGER).format("int32"));
        properties.put("detail", Schemas.string("what went wrong, for a person; never a class name, stack trace "
                + "or SQL"));
        properties.put("violations", Schemas.of(SchemaType.ARRAY).items(Schemas.of(SchemaType.OBJECT)
                .properties(violation).required(List.of("field", "message"))));
        return Schemas.of(SchemaType.OBJECT).description("An RFC 9457 problem document").properties(properties)
                .required(List.of("type", "title", "status"));
    }

    private JsonNode load() {
        try {
            return json.readTree(Resources.text(EXAMPLES));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(EXAMPLES + " is not valid JSON", e);
        }
    }
}
