package dev.normalizer.fuzz;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.fuzz.ApiDocument.Operation;
import dev.normalizer.fuzz.FuzzRequest.Answer;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.ScratchDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.sessions.JqwikSession;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fuzzes every operation of the OpenAPI document ({@code /q/openapi}) on both read paths, as a user of tenant 1,
 * with requests that {@link Requests} generates from the document: schema-aware bodies, parameters and headers,
 * mixed with hostile ones. Every answer must keep five properties:
 * <ul>
 *   <li>no 5xx (and an answer at all, within the client's 5 s timeout);</li>
 *   <li>no answer slower than 2 s;</li>
 *   <li>every error is {@code application/problem+json} and carries no class name, SQL or stack text;</li>
 *   <li>input that the contract refuses (NUL, lone surrogates, unknown fields, non-canonical ids, ...: see
 *       {@link #refusable}) gets no 2xx;</li>
 *   <li>tenant 2's rows are unchanged: a checksum of every row of every table of tenant 2 (and of the child rows of
 *       its patients, customers and companies), read as the owner after each operation, equals the one before.</li>
 * </ul>
 *
 * <p>Why a Jupiter test and not a jqwik {@code @Property}: jqwik is a JUnit Platform engine of its own, and the
 * {@code @QuarkusTest} extension, which starts the service and its database, does not run inside jqwik's
 * properties. So this test uses jqwik's generators only: each operation and read path gets a
 * {@link JqwikSession} seeded from one run seed, and its requests are drawn from the session in order, so the same
 * seed gives the same requests on the same data. There is no shrinking; instead every failure prints the operation,
 * the read path, the seed, the whole request (method, URI, headers, body, with non-ASCII escaped) and the answer,
 * which is enough to replay it with curl.
 *
 * <p>Budget, by system properties: {@code fuzz.tries} requests per operation and read path (default 80), at most
 * {@code fuzz.seconds} for the whole run, split evenly over operations and paths (default 70), {@code fuzz.seed}
 * to replay a run (default: a fixed seed, so that the test command's run is repeatable; {@code random} for a new one,
 * printed at the start and with every failure), {@code fuzz.slowest-ms} for
 * the slowest answer allowed (default 2000). A longer run on demand:
 * {@code ./mvnw -B test -Dtest=ApiFuzzTest -Dfuzz.tries=2000 -Dfuzz.seconds=1800} (docs/testing.md).
 *
 * <p>It runs on a scratch copy of the legacy fixture, since it writes many rows that other tests would see.
 */
@QuarkusTest
@WithTestResource(ScratchDatabaseResource.class)
class ApiFuzzTest {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 80);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 70));
    /**
     * The test command's run is the same every time (a failure there is a bug, never bad luck); {@code -Dfuzz.seed=random}
     * explores, on demand.
     */
    private static final long SEED = "random".equals(System.getProperty("fuzz.seed")) ? new Random().nextLong()
            : Long.getLong("fuzz.seed", 20261206L);
    /** The client gives up here, so that a hanging request costs seconds, not the server's 60. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SLOWEST = Duration.ofMillis(Long.getLong("fuzz.slowest-ms", 2000));
    private static final List<String> LEAKS = List.of("Exception", "java.", "dev.normalizer", "org.hibernate",
            "io.quarkus", "SELECT ", "INSERT ", "UPDATE ", "Stack:", "\tat ");
    private static final List<String> MUST_REFUSE = List.of("NUL character", "non-canonical id",
            Bodies.UNKNOWN_FIELD, Bodies.REQUIRED_LEFT_OUT, Bodies.OVER_MAX_LENGTH, Bodies.OUT_OF_BOUNDS,
            Bodies.OTHER_TENANTS_ID, HostileValues.BEYOND, HostileValues.OUTSIDE);
    private static final Map<String, String> TABLES_BY_KIND = Map.of("patients", "patient_core", "customers",
            "customers", "orders", "orders", "reservations", "reservations", "companies", "companies", "clinics",
            "clinics", "requests", "data_subject_requests");
    private static final int OTHER_TENANT = 2;
    private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** One failure class: an operation breaking one property with one status, with its first examples. */
    private record Failure(List<String> examples, int[] count) {
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void everyOperationAnswersFastClearlyAndLeavesOtherTenantsAlone(ReadPath path) throws Exception {
        ApiDocument document = new ApiDocument(new ObjectMapper().readTree(
                given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString()));
        Requests requests = new Requests(document, new Requests.Ids(ids(1), ids(OTHER_TENANT)));
        List<Operation> operations = document.operations();
        Duration perOperation = BUDGET.dividedBy((long) operations.size() * ReadPath.values().length);
        String base = "http://localhost:" + RestAssured.port;
        System.out.printf("fuzzing %d operations on the %s path, %d tries or %d ms each, seed %d"
                + " (replay with -Dfuzz.seed=%d)%n", operations.size(), path.headerValue(), TRIES,
                perOperation.toMillis(), SEED, SEED);

        Map<String, Failure> failures = new LinkedHashMap<>();
        Map<String, String> otherTenant = checksums();
        assertNotEquals(EMPTY_MD5, otherTenant.get("patient_core"), "tenant " + OTHER_TENANT + " has patients");
        assertNotEquals(EMPTY_MD5, otherTenant.get("customers"), "tenant " + OTHER_TENANT + " has customers");
        int sent = 0;
        for (Operation operation : operations) {
            long seed = SEED ^ (operation + " " + path).hashCode();
            List<String> accepted = new ArrayList<>();
            JqwikSession.start(Long.toString(seed));
            try {
                Iterator<FuzzRequest> generated = requests.of(operation, path).sampleStream().iterator();
                long deadline = System.nanoTime() + perOperation.toNanos();
                for (int i = 0; i < TRIES && System.nanoTime() < deadline; i++, sent++) {
                    FuzzRequest request = generated.next();
                    Answer answer = request.send(base, TIMEOUT);
                    String example = operation + " on the " + path.headerValue() + " path, try " + i + " of seed "
                            + SEED + "\n  request: " + request + "\n  answer: " + answer;
                    for (String broken : brokenProperties(request, answer)) {
                        record(failures, operation + " | " + broken, example);
                    }
                    if (answer.status() >= 200 && answer.status() < 300 && !operation.method().equals("GET")) {
                        accepted.add(request.toString());
                    }
                }
            } finally {
                JqwikSession.finish();
            }
            Map<String, String> before = otherTenant;
            Map<String, String> after = checksums();
            if (!after.equals(before)) {
                List<String> changed = after.keySet().stream().filter(t -> !after.get(t).equals(before.get(t)))
                        .toList();
                record(failures, operation + " | tenant " + OTHER_TENANT + "'s rows unchanged", "changed " + changed
                        + " during " + operation + " on the " + path.headerValue() + " path, seed " + SEED
                        + "; its accepted writes:\n  " + String.join("\n  ", accepted));
                otherTenant = after;
            }
        }
        String summary = failures.entrySet().stream().map(f -> f.getValue().count()[0] + " x " + f.getKey())
                .collect(Collectors.joining("\n"));
        System.out.printf("fuzzed %d requests on the %s path: %d failure classes%n%s%n%n%s%n", sent,
                path.headerValue(), failures.size(), summary, failures.entrySet().stream()
                        .map(f -> f.getKey() + "\n" + String.join("\n", f.getValue().examples()))
                        .collect(Collectors.joining("\n\n")));
        assertTrue(failures.isEmpty(), failures.size() + " failure classes on the " + path.headerValue()
                + " path (seed " + SEED + "; requests and answers in the test's output):\n" + summary);
    }

    /** The properties an answer breaks, each with the status it came with. */
    private static List<String> brokenProperties(FuzzRequest request, Answer answer) {
        List<String> broken = new ArrayList<>();
        int status = answer.status();
        List<String> refusable = refusable(request);
        if (status >= 200 && status < 300 && !refusable.isEmpty()) {
            broken.add("input the contract refuses is refused | " + status + " " + refusable);
        }
        if (status < 0) {
            broken.add("an answer within " + TIMEOUT.toSeconds() + " s");
        } else if (status >= 500) {
            broken.add("no 5xx | " + status);
        }
        if (status >= 0 && answer.elapsed().compareTo(SLOWEST) > 0) {
            broken.add("no answer slower than " + SLOWEST.toMillis() + " ms | " + status);
        }
        if (status >= 400) {
            if (!answer.contentType().startsWith("application/problem+json")) {
                broken.add("errors are problem+json | " + status + " " + answer.contentType());
            }
            List<String> leaks = LEAKS.stream().filter(answer.body()::contains).toList();
            if (!leaks.isEmpty()) {
                broken.add("no class name, SQL or stack text | " + status + " " + leaks);
            }
        }
        return broken;
    }

    /**
     * What in a request the contract (docs/endpoints.md, Errors, and issue 15) says must be refused with a 4xx: NUL and
     * lone surrogates in JSON strings, NUL in parameters, unknown fields (and server-set ones in a merge patch),
     * missing required fields, values past the schema's length or bounds, numbers past their type, dates PostgreSQL
     * cannot store, non-canonical ids, and another tenant's ids.
     */
    private static List<String> refusable(FuzzRequest request) {
        List<String> kinds = new ArrayList<>();
        for (String tag : request.tags()) {
            MUST_REFUSE.stream().filter(tag::contains).forEach(kinds::add);
            if (tag.startsWith("body") && tag.contains("lone surrogate")) {
                kinds.add("lone surrogate");
            }
            if (request.method().equals("PATCH") && tag.contains(Bodies.SERVER_SET_FIELD)) {
                kinds.add(Bodies.SERVER_SET_FIELD);
            }
        }
        return kinds.stream().distinct().sorted().toList();
    }

    private static void record(Map<String, Failure> failures, String key, String example) {
        Failure failure = failures.computeIfAbsent(key, k -> new Failure(new ArrayList<>(), new int[1]));
        failure.count()[0]++;
        if (failure.examples().size() < 2) {
            failure.examples().add(example);
        }
    }

    /** A few ids of each kind of a tenant: numbers and public ids, as its rows have them. */
    private Map<String, List<String>> ids(int tenant) throws SQLException {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        try (Connection c = owner(); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> kind : TABLES_BY_KIND.entrySet()) {
                List<String> values = new ArrayList<>();
                boolean publicIds = hasColumn(c, kind.getValue(), "public_id");
                try (ResultSet rows = s.executeQuery("SELECT id" + (publicIds ? ", public_id" : "") + " FROM "
                        + kind.getValue() + " WHERE tenant_id = " + tenant + " ORDER BY id LIMIT 6")) {
                    while (rows.next()) {
                        values.add(rows.getString(1));
                        if (publicIds) {
                            values.add(rows.getString(2));
                        }
                    }
                }
                ids.put(kind.getKey(), values);
            }
        }
        return ids;
    }

    /**
     * A checksum per table of tenant 2's rows: the tables with a {@code tenant_id}, and the child tables without
     * one through their foreign key to such a table.
     */
    private Map<String, String> checksums() throws SQLException {
        Map<String, String> sums = new LinkedHashMap<>();
        try (Connection c = owner(); Statement s = c.createStatement()) {
            List<String> queries = new ArrayList<>();
            try (ResultSet tables = s.executeQuery("""
                    SELECT t.table_name, format('SELECT md5(coalesce(string_agg(x::text, %L ORDER BY x::text), %L))
                      FROM %I x WHERE tenant_id = %s', '|', '', t.table_name, ?)
                    FROM information_schema.columns t JOIN information_schema.tables b USING (table_schema, table_name)
                    WHERE t.table_schema = 'public' AND t.column_name = 'tenant_id' AND b.table_type = 'BASE TABLE'
                    UNION ALL
                    SELECT child::text, format('SELECT md5(coalesce(string_agg(x::text, %L ORDER BY x::text), %L))
                      FROM %s x JOIN %s p ON x.%I = p.%I WHERE p.tenant_id = %s', '|', '', child, parent, fk, pk, ?)
                    FROM (SELECT con.conrelid::regclass AS child, con.confrelid::regclass AS parent,
                                 a.attname AS fk, pa.attname AS pk
                          FROM pg_constraint con
                          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
                          JOIN pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = con.confkey[1]
                          WHERE con.contype = 'f' AND cardinality(con.conkey) = 1
                            AND con.connamespace = 'public'::regnamespace
                            AND NOT EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = con.conrelid
                                            AND t.attname = 'tenant_id' AND NOT t.attisdropped)
                            AND EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = con.confrelid
                                        AND t.attname = 'tenant_id' AND NOT t.attisdropped)) f
                    ORDER BY 1
                    """.replace("?", Integer.toString(OTHER_TENANT)))) {
                while (tables.next()) {
                    queries.add(tables.getString(1) + "\u0000" + tables.getString(2));
                }
            }
            for (String query : queries) {
                String[] parts = query.split("\u0000");
                try (ResultSet sum = s.executeQuery(parts[1])) {
                    sum.next();
                    sums.merge(parts[0], sum.getString(1), String::concat);
                }
            }
        }
        return sums;
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (ResultSet columns = c.getMetaData().getColumns(null, "public", table, column)) {
            return columns.next();
        }
    }

    private Connection owner() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, EmbeddedDatabase.OWNER, EmbeddedDatabase.OWNER);
    }
}
