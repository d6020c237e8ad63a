package dev.normalizer.common;

import static dev.normalizer.testsupport.Api.on;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.LogCapture;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.normalizer.testsupport.Eventually;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What an unauthenticated client can do to {@code /q/metrics}: made-up tenants and junk URIs must not create series
 * (each would cost Prometheus memory for good), nor fill Micrometer's URI tag limit so that real endpoints stop
 * recording.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class MetricCardinalityTest {

    /**
     * Rounds of junk: each sends at least seven distinct junk URIs and a made-up tenant, so 20 rounds make more
     * distinct URIs (140) than Micrometer's default limit of 100 URI tags, and than the 101.
     */
    private static final int JUNK = 20;
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private static String scrape() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The distinct values of {@code label} over the samples of {@code metric}. */
    private static Set<String> labelValues(String scrape, String metric, String label) {
        return scrape.lines().filter(line -> line.startsWith(metric + "{"))
                .map(line -> {
                    Matcher m = LABEL.matcher(line.substring(0, line.lastIndexOf('}') + 1));
                    while (m.find()) {
                        if (m.group(1).equals(label)) {
                            return m.group(2);
                        }
                    }
                    return "(no " + label + ")";
                })
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static double count(String scrape, String metric, String... labels) {
        return scrape.lines().filter(line -> line.startsWith(metric + "{")
                        && List.of(labels).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void madeUpTenantsAndJunkUrisCreateNoSeriesAndRealEndpointsKeepRecording(ReadPath path) {
        Random random = new Random();
        String marker = "junk" + Math.abs(random.nextInt());
        for (int i = 0; i < JUNK; i++) {
            int tenant = 1_000_000 + random.nextInt(1_000_000_000);
            // A customer's session check with any X-Tenant-Id needs no token: the attack of the issue.
            given().header("Authorization", "Bearer not-a-session").header("X-Tenant-Id", tenant)
                    .get("/api/customers/session").then().statusCode(401);
            // A real token of a tenant that does not exist, whose reads are shadowed.
            Api.bearer(Tokens.of(Api.SHADOW_USER, tenant, Roles.CLINICIAN)).get("/api/patients?size=1")
                    .then().statusCode(200);
            // Junk URIs of every kind: unmatched under /api and elsewhere, other methods, bad ids, encoded bytes.
            given().get("/api/" + marker + i).then().statusCode(404);
            given().get("/" + marker + i).then().statusCode(404);
            given().get("/q/" + marker + i).then().statusCode(404);
            given().post("/api/" + marker + i + "/x");
            given().header("X-Tenant-Id", tenant).get("/api/customers/login");
            given().delete("/api/patients/" + marker + i);
            given().header("X-Tenant-Id", tenant).get("/api/patients/" + i + "/" + marker);
            given().urlEncodingEnabled(false).get("/api/" + marker + "%2F%7E" + i);
            on(path, 1).get("/api/patients/" + marker + i);
        }
        long patient = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1 AND NOT gdpr_restricted");
        String before = scrape();
        String uri = "uri=\"/api/patients/{id}\"";
        String readPath = "read_path=\"" + path.headerValue() + "\"";
        double served = count(before, "http_server_requests_seconds_count", uri, readPath, "status=\"200\"");
        on(path).get("/api/patients/{id}", patient).then().statusCode(200);
        String after = scrape();

        assertEquals(served + 1, count(after, "http_server_requests_seconds_count", uri, readPath,
                "status=\"200\""), "the real endpoint must still record after " + JUNK + " junk URIs");
        Set<String> uris = labelValues(after, "http_server_requests_seconds_count", "uri");
        assertTrue(uris.stream().noneMatch(u -> u.contains(marker)), "a junk URI became a label: " + uris);
        assertTrue(uris.size() < 60, "the uri label has only route templates: " + uris);

        Set<String> known = Sql.column("SELECT id FROM tenants").stream().map(String::valueOf)
                .collect(Collectors.toSet());
        for (String metric : List.of("normalizer_requests_total", "normalizer_shadow_comparisons_total")) {
            Set<String> tenants = labelValues(after, metric, "tenant");
            tenants.removeAll(known);
            assertTrue(Set.of("other").containsAll(tenants), metric + " has made-up tenants: " + tenants);
        }
        assertTrue(count(after, "normalizer_requests_total", "tenant=\"other\"") >= 2 * JUNK,
                "the made-up tenants' requests are counted, under one label");
    }

    /**
     * Requests whose client went away before the answer (status RESET) are recorded with the same label names as
     * the others, which Prometheus requires (else Micrometer logs an error for each and drops them), and their uri
     * is bounded too.
     */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void abandonedRequestsAreRecordedWithBoundedLabels(ReadPath path) throws Exception {
        String marker = "gone" + Math.abs(new Random().nextInt());
        LogCapture log = LogCapture.of("");
        try {
            String token = Tokens.of(Api.user(path), 1, Roles.CLINICIAN);
            for (int i = 0; i < 20; i++) {
                // Half a body, then the client hangs up: the server is still reading when the connection goes.
                abandon("PUT /api/patients/" + marker + i + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + token + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"a\":");
                abandon("GET /api/" + marker + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            }
            Eventually.until("the abandoned requests recorded", () -> count(scrape(),
                    "http_server_requests_seconds_count", "status=\"RESET\"") >= 20, Duration.ofSeconds(20));
            String scrape = scrape();
            Set<String> uris = labelValues(scrape, "http_server_requests_seconds_count", "uri");
            assertTrue(uris.stream().noneMatch(u -> u.contains(marker)), "a junk URI became a label: " + uris);
            assertEquals(Set.of("none"), labelValues(scrape.lines().filter(l -> l.contains("status=\"RESET\""))
                    .collect(Collectors.joining("\n")), "http_server_requests_seconds_count", "read_path"));
            assertEquals(List.of(), log.matching("tag keys"));
        } finally {
            log.close();
        }
    }

    /** Sends {@code request} on a connection of its own and closes it at once, without reading any answer. */
    private static void abandon(String request) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            socket.setSoLinger(true, 0);
        }
    }
}
