package dev.normalizer.patient.write;

import com.fasterxml.jackson.databind.JsonNode;
import dev.normalizer.common.Problem;
import dev.normalizer.common.ProblemException;
import dev.normalizer.common.PublicId;
import dev.normalizer.patient.columns.PatientColumn;
import dev.normalizer.patient.columns.PatientColumns;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A patient body, checked against the column catalog: every writable column with its value (null where the
 * body leaves it out, the column's default where it has one). Unknown keys are rejected, so a typo is never silently
 * dropped. Server-set keys and the public id are skipped here; {@link #refuseServerSet} checks them beforehand.
 *
 * @param values each writable column and its new value
 */
public record PatientInput(Map<PatientColumn<?>, Object> values) {

    public static PatientInput parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("The request body must be a JSON object");
        }
        List<Problem.Violation> violations = new ArrayList<>();
        for (Iterator<String> keys = body.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (PatientColumns.byKey(key) == null && !PublicId.KEY.equals(key)) {
                violations.add(new Problem.Violation(key, "is not a patient field"));
            }
        }
        Map<PatientColumn<?>, Object> values = new LinkedHashMap<>();
        for (PatientColumn<?> column : PatientColumns.ALL) {
            if (column.write() == PatientColumn.Write.SERVER) {
                continue;
            }
            Object value = null;
            try {
                value = column.type().fromJson(body.get(column.key()));
            } catch (IllegalArgumentException e) {
                violations.add(new Problem.Violation(column.key(), e.getMessage()));
                continue;
            }
            if (value == null && column.write() == PatientColumn.Write.DEFAULTED) {
                value = column.fallback();
            } else if (column.write() == PatientColumn.Write.REQUIRED
                    && (value == null || value.toString().isBlank())) {
                violations.add(new Problem.Violation(column.key(), "is required"));
            }
            values.put(column, value);
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return new PatientInput(values);
    }

    /**
     * Refuses the server-set keys of a client's body ({@code id}, {@code tenantId}, {@code publicId},
     * {@code createdAt}, ...) unless each holds the record's current value: a client may send back a record it read,
     * but a create may hold none, and nothing the server sets is changed, or silently dropped.
     *
     * @param current the record as read, or null on a create
     */
    public static void refuseServerSet(JsonNode body, JsonNode current) {
        if (body == null || !body.isObject()) {
            return; // parse says what is wrong with it
        }
        List<Problem.Violation> violations = new ArrayList<>();
        for (Iterator<String> keys = body.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            PatientColumn<?> column = PatientColumns.byKey(key);
            boolean serverSet = PublicId.KEY.equals(key)
                    || column != null && column.write() == PatientColumn.Write.SERVER;
            if (serverSet && (current == null || !same(body.get(key), current.path(key)))) {
                violations.add(new Problem.Violation(key, current == null ? "is set by the server"
                        : "is set by the server: send it as read, or leave it out"));
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }

    private static boolean same(JsonNode sent, JsonNode current) {
        if (sent.isNumber() && current.isNumber()) {
            return sent.decimalValue().compareTo(current.decimalValue()) == 0;
        }
        return sent.equals(current) || sent.isNull() && current.isMissingNode();
    }

    public Object value(String key) {
        return values.get(PatientColumns.byKey(key));
    }
}
