package dev.normalizer.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where two JSON answers differ, as a consumer would see it: field by field, with the field's path ({@code lastName},
 * {@code profile.city}, {@code items[].lastName}, {@code total}) and the id of the record it belongs to. Never the
 * values, which are patient data. A key missing on one side and null on the other is a difference (the JSON
 * differs); numbers are equal when they print the same.
 */
final class JsonDiff {

    /** One differing field of one record; {@code recordId} is the record's {@code id}, or null outside a record. */
    record Difference(String field, String recordId) {
    }

    private JsonDiff() {
    }

    static List<Difference> between(JsonNode served, JsonNode shadow) {
        List<Difference> differences = new ArrayList<>();
        walk("", served, shadow, null, differences);
        return differences;
    }

    private static void walk(String path, JsonNode a, JsonNode b, String recordId, List<Difference> out) {
        String id = a.hasNonNull("id") ? a.get("id").asText() : b.hasNonNull("id") ? b.get("id").asText() : recordId;
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                walk(path.isEmpty() ? key : path + "." + key, a.path(key), b.path(key), id, out);
            }
        } else if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                out.add(new Difference(path + "[]", recordId));
            }
            Iterator<JsonNode> left = a.elements();
            Iterator<JsonNode> right = b.elements();
            while (left.hasNext() && right.hasNext()) {
                walk(path + "[]", left.next(), right.next(), recordId, out);
            }
        } else if (!sameLeaf(a, b)) {
            out.add(new Difference(path.isEmpty() ? "(record)" : path, id));
        }
    }

    private static boolean sameLeaf(JsonNode a, JsonNode b) {
        if (a instanceof MissingNode || b instanceof MissingNode) {
            return a instanceof MissingNode && b instanceof MissingNode;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.asText().equals(b.asText());
        }
        return a.equals(b);
    }
}
