package dev.normalizer.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operations of the OpenAPI document ({@code /q/openapi?format=json}) as the fuzzer needs them: parameters,
 * request body schema, the roles that may call, and every example value the document gives for a field name.
 */
final class ApiDocument {

    /** A schema reduced to what generation uses; {@code type} "any" is free-form JSON. */
    record Schema(String type, String format, List<String> enumValues, Long minimum, Long maximum,
            Integer minLength, Integer maxLength, Map<String, Schema> properties, Set<String> required) {

        static final Schema ANY = new Schema("any", null, List.of(), null, null, null, null, Map.of(), Set.of());
        static final Schema STRING = new Schema("string", null, List.of(), null, null, null, null, Map.of(), Set.of());
    }

    record Parameter(String name, String in, Schema schema) {
    }

    record Body(String mediaType, Schema schema) {
    }

    record Operation(String method, String path, List<Parameter> parameters, Body body, List<String> roles) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final JsonNode document;
    private final Map<String, Set<JsonNode>> examples = new LinkedHashMap<>();

    ApiDocument(JsonNode document) {
        this.document = document;
        collectExamples(document.path("paths"));
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode node = op.getValue();
            List<Parameter> parameters = new ArrayList<>();
            node.path("parameters").forEach(p -> parameters.add(
                    new Parameter(p.path("name").asText(), p.path("in").asText(), schema(p.path("schema")))));
            List<String> roles = new ArrayList<>();
            node.path("security").forEach(s -> s.elements().forEachRemaining(
                    scopes -> scopes.forEach(role -> roles.add(role.asText()))));
            operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), parameters, body(node), roles));
        }));
        return operations;
    }

    /** Every value the document's examples give a field of this name, anywhere (requests, answers, pages). */
    List<JsonNode> examplesOf(String field) {
        return List.copyOf(examples.getOrDefault(field, Set.of()));
    }

    /** The literal segments of every path ({@code patients}, {@code customers}, ...). */
    Set<String> literalSegments() {
        Set<String> segments = new TreeSet<>();
        document.path("paths").fieldNames().forEachRemaining(path -> {
            for (String segment : path.split("/")) {
                if (!segment.isEmpty() && !segment.startsWith("{")) {
                    segments.add(segment);
                }
            }
        });
        return segments;
    }

    /**
     * The request body. A body typed as Jackson's {@code JsonNode} (the patient endpoints take any JSON object) has
     * no useful schema; its fields are then the keys of the document's examples of the request and of the answer.
     */
    private Body body(JsonNode operation) {
        Iterator<Map.Entry<String, JsonNode>> content = operation.path("requestBody").path("content").fields();
        if (!content.hasNext()) {
            return null;
        }
        Map.Entry<String, JsonNode> media = content.next();
        Schema schema = schema(media.getValue().path("schema"));
        if (schema.type().equals("any")) {
            Map<String, Schema> fields = new LinkedHashMap<>();
            exampleKeys(media.getValue().path("example"), fields);
            operation.path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("2")) {
                    response.getValue().path("content").forEach(m -> exampleKeys(m.path("example"), fields));
                }
            });
            schema = new Schema("object", null, List.of(), null, null, null, null, fields, Set.of());
        }
        return new Body(media.getKey(), schema);
    }

    private void exampleKeys(JsonNode example, Map<String, Schema> fields) {
        example.fieldNames().forEachRemaining(key -> fields.putIfAbsent(key, typeOfExamples(key)));
    }

    /** A field known only by example: typed by its non-null example values, a string when they are all null. */
    private Schema typeOfExamples(String key) {
        for (JsonNode value : examplesOf(key)) {
            if (value.isIntegralNumber()) {
                return new Schema("integer", null, List.of(), null, null, null, null, Map.of(), Set.of());
            } else if (value.isNumber()) {
                return new Schema("number", null, List.of(), null, null, null, null, Map.of(), Set.of());
            } else if (value.isBoolean()) {
                return new Schema("boolean", null, List.of(), null, null, null, null, Map.of(), Set.of());
            } else if (value.isTextual() && value.asText().matches("\\d{4}-\\d\\d-\\d\\d")) {
                return new Schema("string", "date", List.of(), null, null, null, null, Map.of(), Set.of());
            } else if (value.isTextual() && value.asText().matches("\\d{4}-\\d\\d-\\d\\dT.*")) {
                return new Schema("string", "date-time", List.of(), null, null, null, null, Map.of(), Set.of());
            }
        }
        return Schema.STRING;
    }

    private Schema schema(JsonNode node) {
        String ref = node.path("$ref").asText();
        if (ref.endsWith("/JsonNode")) {
            return Schema.ANY;
        }
        if (!ref.isEmpty()) {
            return schema(document.at(ref.substring(1)));
        }
        Map<String, Schema> properties = new LinkedHashMap<>();
        node.path("properties").fields().forEachRemaining(p -> properties.put(p.getKey(), schema(p.getValue())));
        Set<String> required = new LinkedHashSet<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        List<String> enumValues = new ArrayList<>();
        node.path("enum").forEach(e -> enumValues.add(e.asText()));
        String type = node.path("type").asText(properties.isEmpty() ? "string" : "object");
        return new Schema(type, node.path("format").asText(null), enumValues, longOrNull(node.path("minimum")),
                longOrNull(node.path("maximum")), intOrNull(node.path("minLength")),
                intOrNull(node.path("maxLength")), properties, required);
    }

    /** Walks the document to its examples. */
    private void collectExamples(JsonNode node) {
        node.fields().forEachRemaining(field -> {
            if (field.getKey().equals("example")) {
                collectValues(field.getValue(), null);
            } else if (field.getValue().isContainerNode()) {
                collectExamples(field.getValue());
            }
        });
        if (node.isArray()) {
            node.forEach(this::collectExamples);
        }
    }

    /** Records each scalar of an example under the name of the field that holds it. */
    private void collectValues(JsonNode node, String field) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> collectValues(f.getValue(), f.getKey()));
        } else if (node.isArray()) {
            node.forEach(element -> collectValues(element, field));
        } else if (field != null && !node.isNull()) {
            examples.computeIfAbsent(field, k -> new LinkedHashSet<>()).add(node);
        }
    }

    private static Long longOrNull(JsonNode node) {
        return node.isNumber() ? node.asLong() : null;
    }

    private static Integer intOrNull(JsonNode node) {
        return node.isNumber() ? node.asInt() : null;
    }
}
