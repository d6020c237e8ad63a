package dev.normalizer.fuzz;

import dev.normalizer.auth.Roles;
import dev.normalizer.fuzz.ApiDocument.Operation;
import dev.normalizer.fuzz.ApiDocument.Parameter;
import dev.normalizer.fuzz.HostileValues.Tagged;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.Tokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of whole requests for one operation of the API document: path and query parameters from real
 * ids and the document's examples, headers with test tokens of tenant 1, the body from {@link Bodies}, each mixed
 * with hostile values ({@link HostileValues}, non-canonical ids, ids of another tenant, odd headers). The caller is
 * always a user of tenant 1; nothing here names tenant 2 but its ids.
 */
final class Requests {

    /** Ids (numbers and public ids) by the path segment that names their kind: patients, customers, clinics... */
    record Ids(Map<String, List<String>> own, Map<String, List<String>> othersTenant) {
    }

    /** URI characters, and percent escapes of two hex digits: sent as they are. */
    private static final Pattern RAW = Pattern.compile("(?:[A-Za-z0-9._~;=+-]++|%[0-9A-Fa-f]{2})++");
    /** Parameters stay below the 4 KiB that the HTTP layer allows a request line (it refuses more with a bare 414). */
    private static final int LONGEST_PARAMETER = 1000;

    private final ApiDocument document;
    private final Ids ids;
    private final Bodies bodies;
    /** Each token signed so far, and how a failure report names it. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> tokenNames = new ConcurrentHashMap<>();

    Requests(ApiDocument document, Ids ids) {
        this.document = document;
        this.ids = ids;
        this.bodies = new Bodies(document, ids);
    }

    Arbitrary<FuzzRequest> of(Operation operation, ReadPath path) {
        List<Arbitrary<Tagged>> pathValues = operation.parameters().stream().filter(p -> p.in().equals("path"))
                .map(p -> pathValue(operation, p)).toList();
        List<Arbitrary<Tagged>> queryValues = operation.parameters().stream().filter(p -> p.in().equals("query"))
                .map(p -> Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just((Tagged) null)),
                        Tuple.of(2, queryValue(p)))).toList();
        Arbitrary<Tagged> body = operation.body() == null ? Arbitraries.just(null) : bodies.of(operation.body().schema());
        // Without jqwik's edge cases, which would skew the weights above (a fifth of the bodies were empty): the
        // values that matter at the edges are listed among the hostile ones.
        return Combinators.combine(list(pathValues), list(queryValues), headers(operation, path), body)
                .as((paths, queries, headers, content) -> request(operation, paths, queries, headers, content))
                .withoutEdgeCases();
    }

    private FuzzRequest request(Operation operation, List<Tagged> paths, List<Tagged> queries,
            Map<String, Tagged> headers, Tagged content) {
        List<String> tags = new ArrayList<>();
        String uri = operation.path();
        List<Parameter> pathParameters = operation.parameters().stream().filter(p -> p.in().equals("path")).toList();
        for (int i = 0; i < pathParameters.size(); i++) {
            uri = uri.replace("{" + pathParameters.get(i).name() + "}", encode(paths.get(i).value()));
            tag(tags, "path " + pathParameters.get(i).name(), paths.get(i));
        }
        List<Parameter> queryParameters = operation.parameters().stream().filter(p -> p.in().equals("query"))
                .toList();
        List<String> query = new ArrayList<>();
        for (int i = 0; i < queryParameters.size(); i++) {
            if (queries.get(i) != null) {
                query.add(queryParameters.get(i).name() + "=" + encode(queries.get(i).value()));
                tag(tags, "query " + queryParameters.get(i).name(), queries.get(i));
            }
        }
        Map<String, String> sent = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (value != null) {
                sent.put(name, value.value());
                tag(tags, "header " + name, value);
            }
        });
        byte[] bytes = null;
        if (content != null) {
            bytes = content.value().getBytes(Bodies.INVALID_UTF8.equals(content.tag()) ? StandardCharsets.ISO_8859_1
                    : StandardCharsets.UTF_8);
            if (content.tag() != null) {
                Arrays.stream(content.tag().split("; ")).map(t -> "body " + t).forEach(tags::add);
            }
        }
        return new FuzzRequest(operation.method(), uri + (query.isEmpty() ? "" : "?" + String.join("&", query)),
                sent, bytes, tags, tokenNames);
    }

    private static void tag(List<String> tags, String name, Tagged value) {
        if (value.tag() != null) {
            tags.add(name + ": " + value.tag());
        }
    }

    /** Percent-encodes, but leaves a value made only of URI characters as it is: {@code 2;x=1}, {@code %00}. */
    private static String encode(String value) {
        if (!value.isEmpty() && RAW.matcher(value).matches()) {
            return value;
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- parameters

    private Arbitrary<Tagged> pathValue(Operation operation, Parameter parameter) {
        if (!parameter.name().equals("id")) {
            return Arbitraries.frequencyOf(
                    Tuple.of(8, Arbitraries.of(List.copyOf(document.literalSegments())).map(s -> new Tagged(s, null))),
                    Tuple.of(1, HostileValues.strings(LONGEST_PARAMETER)));
        }
        String before = operation.path().substring(0, operation.path().indexOf("/{id}"));
        String kind = before.substring(before.lastIndexOf('/') + 1);
        List<String> kinds = kind.startsWith("{") ? List.of("patients", "customers") : List.of(kind);
        List<String> own = kinds.stream().flatMap(k -> ids.own().getOrDefault(k, List.of()).stream()).toList();
        // Where the path names the kind ({subjects}), another tenant's number may be one of ours of the other kind.
        List<String> others = kinds.stream().flatMap(k -> ids.othersTenant().getOrDefault(k, List.of()).stream())
                .filter(id -> kinds.size() == 1 || !id.matches("\\d+")).toList();
        List<String> ownNumbers = own.stream().filter(id -> id.matches("\\d+")).toList();
        List<String> otherKinds = ids.own().entrySet().stream().filter(e -> !kinds.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream()).filter(id -> !id.matches("\\d+")).toList();
        return Arbitraries.frequencyOf(
                Tuple.of(8, own.isEmpty() ? Arbitraries.just(new Tagged("1", null))
                        : Arbitraries.of(own).map(id -> new Tagged(id, null))),
                Tuple.of(2, others.isEmpty() ? Arbitraries.just(new Tagged("1", null))
                        : Arbitraries.of(others).map(id -> new Tagged(id, Bodies.OTHER_TENANTS_ID))),
                Tuple.of(2, Arbitraries.of(ownNumbers.isEmpty() ? List.of("1") : ownNumbers)
                        .flatMap(HostileValues::nonCanonical)),
                Tuple.of(1, Arbitraries.of(otherKinds.isEmpty() ? List.of("pat_x") : otherKinds)
                        .map(id -> new Tagged(id, "public id of another kind"))),
                Tuple.of(1, Arbitraries.of("0", "-1", "99999999", "9223372036854775808", "1e309", "pat_", "pat_"
                        + "x".repeat(300), "cus_AAAAAAAAAAAAAAAAAAAAAAAA").map(id -> new Tagged(id, "odd id"))),
                Tuple.of(1, HostileValues.strings(LONGEST_PARAMETER)));
    }

    private Arbitrary<Tagged> queryValue(Parameter parameter) {
        List<String> examples = document.examplesOf(parameter.name()).stream().map(n -> n.asText()).toList();
        return Arbitraries.frequencyOf(
                Tuple.of(6, examples.isEmpty() ? Arbitraries.strings().alpha().ofMaxLength(12)
                        .map(s -> new Tagged(s, null)) : Arbitraries.of(examples).map(s -> new Tagged(s, null))),
                Tuple.of(3, Arbitraries.integers().between(-5, 300).map(n -> new Tagged(n.toString(), null))),
                Tuple.of(2, HostileValues.strings(LONGEST_PARAMETER)),
                Tuple.of(1, Arbitraries.of(HostileValues.NUMBER_TOKENS).map(s -> new Tagged(s, "odd number"))),
                Tuple.of(1, Arbitraries.of(HostileValues.DATES).map(s -> new Tagged(s, "odd date"))),
                Tuple.of(1, Arbitraries.of("%ZZ", "%C3%28", "%FF", "%", "a&b", "%2e%2e%2f")
                        .map(s -> new Tagged(s, "odd escape"))));
    }

    // ---- headers

    private Arbitrary<Map<String, Tagged>> headers(Operation operation, ReadPath path) {
        List<String> roles = operation.roles().isEmpty() ? List.of(Roles.CLINICIAN) : operation.roles();
        String user = Api.user(path);
        Arbitrary<Tagged> authorization = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(new Tagged("Bearer " + token(user, roles), null))),
                Tuple.of(2, Arbitraries.of(List.<String>of(), List.of(Roles.DPO), List.of(Roles.CLINICIAN))
                        .map(r -> new Tagged("Bearer " + token(user, r), "token with roles " + r))),
                Tuple.of(2, Arbitraries.just((Tagged) null)),
                Tuple.of(1, Arbitraries.of("Bearer ", "Bearer x.y.z", "Basic YTpi", "bearer " + token(user, roles),
                        "Bearer " + "a".repeat(10_000), "Bearer " + token(user, roles) + "x")
                        .map(s -> new Tagged(s, "odd Authorization"))));
        Arbitrary<Tagged> tenant = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just((Tagged) null)),
                Tuple.of(3, Arbitraries.just(new Tagged("1", null))),
                Tuple.of(2, Arbitraries.of("0", "-1", "99999", " 1", "+1", "01", "1;3", "abc", "", "1e0",
                        "9223372036854775808", "1,3", "3", "7".repeat(300), "NaN").map(s -> new Tagged(s,
                        "odd X-Tenant-Id"))));
        Arbitrary<Tagged> requestId = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just((Tagged) null)),
                Tuple.of(1, Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(1).ofMaxLength(200)
                        .map(s -> new Tagged(s, null))),
                Tuple.of(1, Arbitraries.of("a".repeat(201), "a b", "../x", "<script>", "${jndi:x}", "'; --")
                        .map(s -> new Tagged(s, "odd X-Request-Id"))));
        Arbitrary<Tagged> userId = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just((Tagged) null)),
                Tuple.of(1, Arbitraries.of(Api.NORMALIZED_USER, Api.LEGACY_USER, "x".repeat(300), "' OR 1=1")
                        .map(s -> new Tagged(s, "odd X-User-Id"))));
        Arbitrary<Tagged> accept = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just((Tagged) null)),
                Tuple.of(1, Arbitraries.of("application/xml", "text/plain", "*/*", "application/problem+json",
                        "application/json;q=0", "garbage").map(s -> new Tagged(s, "odd Accept"))));
        Arbitrary<Tagged> contentType = operation.body() == null ? Arbitraries.just(null) : Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(new Tagged(operation.body().mediaType(), null))),
                Tuple.of(2, Arbitraries.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "application/json; charset=ISO-8859-1", "application/json;;", "multipart/form-data; boundary=x",
                        "application/merge-patch+json", "application/json", "application/*")
                        .map(s -> new Tagged(s, "odd Content-Type"))),
                Tuple.of(1, Arbitraries.just((Tagged) null)));
        return Combinators.combine(authorization, tenant, requestId, userId, accept, contentType)
                .as((a, t, r, u, ac, ct) -> {
                    Map<String, Tagged> headers = new LinkedHashMap<>();
                    headers.put("Authorization", a);
                    headers.put("X-Tenant-Id", t);
                    headers.put("X-Request-Id", r);
                    headers.put("X-User-Id", u);
                    headers.put("Accept", ac);
                    headers.put("Content-Type", ct);
                    return headers;
                });
    }

    /** A valid token of tenant 1 for this user and roles; signed once per kind. */
    private String token(String user, List<String> roles) {
        return tokens.computeIfAbsent(user + roles, k -> {
            String token = Tokens.of(user, 1, roles.toArray(String[]::new));
            tokenNames.put("Bearer " + token, "Bearer <test token: tenant 1, sub " + user + ", roles " + roles + ">");
            return token;
        });
    }

    static <T> Arbitrary<List<T>> list(List<Arbitrary<T>> arbitraries) {
        return arbitraries.isEmpty() ? Arbitraries.just(List.of()) : Combinators.combine(arbitraries).as(l -> l);
    }
}
