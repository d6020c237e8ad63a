package dev.normalizer.fuzz;

import dev.normalizer.fuzz.ApiDocument.Schema;
import dev.normalizer.fuzz.HostileValues.Tagged;
import dev.normalizer.fuzz.Requests.Ids;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * JSON request bodies from a schema of the API document: its properties with their types, formats, enums, bounds
 * and lengths, required fields present, the document's example values and the caller's real ids; mixed with
 * hostile values, unknown and server-set fields, missing required ones, and bodies that are not a JSON object.
 * Each body is JSON text, {@link Tagged} with what is hostile in it, field by field.
 */
final class Bodies {

    private static final int LONGEST_FIELD = 20_000;

    /** Tags of input that the contract refuses with a 4xx (ApiFuzzTest's fifth property). */
    static final String UNKNOWN_FIELD = "unknown field";
    static final String SERVER_SET_FIELD = "server-set field";
    static final String REQUIRED_LEFT_OUT = "a required field left out";
    static final String OVER_MAX_LENGTH = "one over maxLength";
    static final String OUT_OF_BOUNDS = "out of bounds";
    static final String OTHER_TENANTS_ID = "another tenant's id";
    static final String INVALID_UTF8 = "bytes that are not UTF-8";

    private static final List<String> SERVER_SET = List.of("id", "tenantId", "publicId", "createdAt", "updatedAt");
    private static final List<String> UNKNOWN = List.of("status", "role", "companyId", "isAdmin", "tenant_id",
            "passwordHash", "gdprRestricted", "zzUnknown");

    private final ApiDocument document;
    private final Ids ids;

    Bodies(ApiDocument document, Ids ids) {
        this.document = document;
        this.ids = ids;
    }

    Arbitrary<Tagged> of(Schema schema) {
        return Arbitraries.frequencyOf(
                Tuple.of(14, object(schema)),
                Tuple.of(1, Arbitraries.of("", "null", "[]", "{}", "\"text\"", "{", "{\"a\":", "{\"a\" 1}", "[{}]",
                        "{}{}", "\ufeff{}", " ", "{\"x\":1,\"x\":2}", "[".repeat(5000) + "]".repeat(5000),
                        "{\"a\":".repeat(2000) + "1" + "}".repeat(2000), "1e309", "9223372036854775808")
                        .map(s -> new Tagged(s, s.isEmpty() ? "empty body" : "malformed or odd JSON body"))),
                Tuple.of(1, Arbitraries.just(new Tagged("{\"firstName\":\"\u00e9\u00ff\",\"x\":\"\u00c3\u0028\"}",
                        INVALID_UTF8))));
    }

    private Arbitrary<Tagged> object(Schema schema) {
        // About eight fields of a large schema (the 185 of a patient), most fields of a small one.
        int absent = Math.max(1, 3 * (schema.properties().size() - 8) / 8);
        List<Arbitrary<Tagged>> members = schema.properties().entrySet().stream().map(p -> {
            Arbitrary<Tagged> member = value(p.getKey(), p.getValue()).map(v -> new Tagged(
                    quote(p.getKey()) + ":" + v.value(), v.tag() == null ? null : p.getKey() + ": " + v.tag()));
            return schema.required().contains(p.getKey()) ? member
                    : Arbitraries.frequencyOf(Tuple.of(absent, Arbitraries.just((Tagged) null)), Tuple.of(3, member));
        }).toList();
        Arbitrary<Tagged> extra = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just((Tagged) null)),
                Tuple.of(2, Arbitraries.of(UNKNOWN).filter(f -> !schema.properties().containsKey(f))
                        .map(f -> new Tagged(quote(f) + ":\"admin\"", UNKNOWN_FIELD + " " + f))),
                Tuple.of(2, Arbitraries.of(SERVER_SET).map(f -> new Tagged(quote(f) + ":"
                        + (f.endsWith("At") ? "\"2020-01-01T00:00:00\"" : f.equals("publicId") ? "\"pat_x\"" : "2"),
                        (schema.properties().containsKey(f) ? "" : UNKNOWN_FIELD + " ") + SERVER_SET_FIELD + " "
                                + f))));
        Arbitrary<Boolean> dropRequired = Arbitraries.frequency(Tuple.of(1, true), Tuple.of(15, false));
        return Combinators.combine(Requests.list(members), extra, dropRequired).as((fields, more, drop) -> {
            List<Tagged> present = new ArrayList<>(fields.stream().filter(Objects::nonNull).toList());
            List<String> tags = new ArrayList<>();
            if (drop && !schema.required().isEmpty()) {
                present.remove(0);
                tags.add(REQUIRED_LEFT_OUT);
            }
            if (more != null) {
                present.add(more);
            }
            present.stream().map(Tagged::tag).filter(Objects::nonNull).forEach(tags::add);
            return new Tagged(present.stream().map(Tagged::value).collect(Collectors.joining(",", "{", "}")),
                    tags.isEmpty() ? null : String.join("; ", tags));
        });
    }

    /** JSON text for a field: a valid value most of the time, a hostile one otherwise. */
    private Arbitrary<Tagged> value(String name, Schema schema) {
        return Arbitraries.frequencyOf(Tuple.of(7, valid(name, schema)), Tuple.of(2, hostile(name, schema)));
    }

    private Arbitrary<Tagged> valid(String name, Schema schema) {
        List<String> examples = document.examplesOf(name).stream().map(Object::toString).toList();
        Arbitrary<String> typed = switch (schema.type()) {
            case "integer" -> {
                List<String> idsOfKind = idsNamedBy(name, ids.own());
                Arbitrary<String> numbers = Arbitraries.longs().between(bound(schema.minimum(), 0),
                        bound(schema.maximum(), 100_000)).map(Object::toString);
                yield idsOfKind.isEmpty() ? numbers : Arbitraries.oneOf(numbers, Arbitraries.of(idsOfKind));
            }
            case "number" -> Arbitraries.doubles().between(0, 1000).ofScale(2).map(Object::toString);
            case "boolean" -> Arbitraries.of("true", "false");
            case "any" -> Arbitraries.of("{}", "{\"a\":1}", "[1,\"b\"]", "\"text\"", "null", "true",
                    "{\"diet\":{\"vegan\":true,\"spice\":[\"mild\"]}}");
            case "object" -> object(schema).map(Tagged::value);
            default -> strings(schema);
        };
        Arbitrary<String> nullable = Arbitraries.just("null");
        return (examples.isEmpty() ? Arbitraries.frequencyOf(Tuple.of(9, typed), Tuple.of(1, nullable))
                : Arbitraries.frequencyOf(Tuple.of(5, typed), Tuple.of(4, Arbitraries.of(examples)),
                        Tuple.of(1, nullable))).map(v -> new Tagged(v, null));
    }

    private static Arbitrary<String> strings(Schema schema) {
        if (!schema.enumValues().isEmpty()) {
            return Arbitraries.of(schema.enumValues()).map(Bodies::quote);
        }
        Arbitrary<LocalDate> dates = Arbitraries.longs().between(LocalDate.of(1900, 1, 1).toEpochDay(),
                LocalDate.of(2030, 12, 31).toEpochDay()).map(LocalDate::ofEpochDay);
        if ("date".equals(schema.format())) {
            return dates.map(d -> quote(d.toString()));
        }
        if ("date-time".equals(schema.format())) {
            return dates.map(d -> quote(d + "T10:15:30"));
        }
        int min = schema.minLength() == null ? 1 : schema.minLength();
        int max = Math.max(min, Math.min(schema.maxLength() == null ? 40 : schema.maxLength(), 40));
        return Arbitraries.strings().withCharRange('a', 'z').withChars(" .'-@ÄéŁ").ofMinLength(min).ofMaxLength(max)
                .map(Bodies::quote);
    }

    /** A hostile value for a field, the kinds that concern its type weighted up. */
    private Arbitrary<Tagged> hostile(String name, Schema schema) {
        boolean numeric = schema.type().equals("integer") || schema.type().equals("number");
        List<Tuple.Tuple2<Integer, Arbitrary<Tagged>>> choices = new ArrayList<>(List.of(
                Tuple.of(schema.type().equals("string") ? 3 : 1, HostileValues.strings(LONGEST_FIELD)
                        .map(t -> new Tagged(quote(t.value()), t.tag()))),
                Tuple.of(numeric ? 3 : 1, Arbitraries.of(HostileValues.NUMBER_TOKENS).map(s -> new Tagged(s,
                        "number " + s + (HostileValues.beyond(s, schema.type(), schema.format())
                                ? " " + HostileValues.BEYOND : "")))),
                Tuple.of(1, Arbitraries.of("true", "{}", "[]", "\"12\"", "12", "{\"$gt\":\"\"}", "[null]")
                        .filter(s -> !s.equals(rightType(schema.type())))
                        .map(s -> new Tagged(s, "wrong type " + s)))));
        if ("date".equals(schema.format()) || "date-time".equals(schema.format())) {
            choices.add(Tuple.of(4, Arbitraries.of("date".equals(schema.format()) ? HostileValues.DATES
                    : HostileValues.DATE_TIMES).map(s -> new Tagged(quote(s), "date " + s
                    + (HostileValues.OUTSIDE_POSTGRESQL.contains(s) ? " " + HostileValues.OUTSIDE : "")))));
        }
        if (schema.maxLength() != null) {
            choices.add(Tuple.of(2, Arbitraries.of("x", "é", "😀").map(c -> new Tagged(
                    quote(c.repeat(schema.maxLength() + 1)), OVER_MAX_LENGTH + " " + schema.maxLength() + " in " + c))));
        }
        List<Long> outside = new ArrayList<>();
        if (schema.minimum() != null) {
            outside.add(schema.minimum() - 1);
        }
        if (schema.maximum() != null) {
            outside.add(schema.maximum() + 1);
        }
        if (!outside.isEmpty()) {
            choices.add(Tuple.of(2, Arbitraries.of(outside).map(n -> new Tagged(n.toString(), OUT_OF_BOUNDS + " "
                    + n))));
        }
        List<String> othersIds = idsNamedBy(name, ids.othersTenant());
        if (!othersIds.isEmpty()) {
            choices.add(Tuple.of(3, Arbitraries.of(othersIds).map(id -> new Tagged(id, OTHER_TENANTS_ID))));
        }
        return Arbitraries.frequencyOf(choices.toArray(Tuple.Tuple2[]::new));
    }

    /** The one of the wrong-type values that is of this type. */
    private static String rightType(String type) {
        return switch (type) {
            case "integer", "number" -> "12";
            case "string" -> "\"12\"";
            case "boolean" -> "true";
            default -> "";
        };
    }

    /** Numeric ids of the kind a field names: customerId and customers, homeClinicId and clinics. */
    private static List<String> idsNamedBy(String field, Map<String, List<String>> byKind) {
        String lower = field.toLowerCase();
        if (!lower.endsWith("id") || lower.length() < 4) {
            return List.of();
        }
        String noun = lower.substring(0, lower.length() - 2);
        return byKind.entrySet().stream().filter(e -> noun.endsWith(singular(e.getKey())))
                .flatMap(e -> e.getValue().stream()).filter(id -> id.matches("\\d+")).toList();
    }

    private static String singular(String kind) {
        return kind.endsWith("ies") ? kind.substring(0, kind.length() - 3) + "y" : kind.replaceAll("s$", "");
    }

    private static long bound(Long value, long otherwise) {
        return value == null ? otherwise : value;
    }

    /** A JSON string; lone surrogates are written as escapes so that they reach the server unchanged. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

}
