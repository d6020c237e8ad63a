package dev.normalizer.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where two JSON answers differ, as a consumer would see it: by the record's field ({@code lastName},
 * {@code items[].lastName}, {@code total}) and the id of the record it belongs to. Never the values, which are
 * patient data. A field is compared whole and named by its key in the record, never by keys inside it: the keys
 * inside a free-form field such as {@code preferences} are a user's, and as metric labels they would grow without
 * bound and could carry personal data. A key missing on one side and null on the other is a difference (the JSON
 * differs); numbers are equal when they print the same.
 */
final class JsonDiff {

    /** One differing field of one record; {@code recordId} is the record's {@code id}, or null outside a record. */
    record Difference(String field, String recordId) {
    }

    private JsonDiff() {
    }

    /** The differences between two records, or two pages of records ({@code items} and the page's own fields). */
    static List<Difference> between(JsonNode served, JsonNode shadow) {
        List<Difference> differences = new ArrayList<>();
        JsonNode left = served.path("items");
        JsonNode right = shadow.path("items");
        fields("", served, shadow, differences);
        if (!left.isArray() && !right.isArray()) {
            return differences;
        }
        differences.removeIf(d -> d.field().equals("items"));
        if (left.size() != right.size()) {
            differences.add(new Difference("items[]", null));
        }
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            fields("items[].", left.get(i), right.get(i), differences);
        }
        return differences;
    }

    private static void fields(String prefix, JsonNode a, JsonNode b, List<Difference> out) {
        String id = a.hasNonNull("id") ? a.get("id").asText() : b.hasNonNull("id") ? b.get("id").asText() : null;
        if (!a.isObject() || !b.isObject()) {
            if (!same(a, b)) {
                out.add(new Difference(prefix.isEmpty() ? "(record)" : prefix + "(record)", id));
            }
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        a.fieldNames().forEachRemaining(keys::add);
        b.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (!same(a.path(key), b.path(key))) {
                out.add(new Difference(prefix + key, id));
            }
        }
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a instanceof MissingNode || b instanceof MissingNode) {
            return a instanceof MissingNode && b instanceof MissingNode;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.asText().equals(b.asText());
        }
        return a.equals(b);
    }
}
