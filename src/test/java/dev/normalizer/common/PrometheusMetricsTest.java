package dev.normalizer.common;

import static dev.normalizer.testsupport.Api.on;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Eventually;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What an operator scrapes from {@code /q/metrics}: requests, flag, shadow, integrity and migration metrics. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PrometheusMetricsTest {

    private static String scrape() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A sample line of {@code metric} carrying every one of {@code labels} ({@code name="value"}). */
    private static boolean hasSample(String scrape, String metric, String... labels) {
        return scrape.lines().anyMatch(line -> line.startsWith(metric + "{")
                && List.of(labels).stream().allMatch(line::contains));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void requestsAreCountedAndTimedPerEndpointAndReadPath(ReadPath path) {
        long patient = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1 AND NOT gdpr_restricted");
        on(path).get("/api/patients/{id}", patient).then().statusCode(200);
        String scrape = scrape();
        String readPath = "read_path=\"" + path.headerValue() + "\"";
        assertTrue(hasSample(scrape, "http_server_requests_seconds_bucket", "uri=\"/api/patients/{id}\"", readPath,
                "le=\""), "a latency histogram per endpoint and path");
        assertTrue(hasSample(scrape, "http_server_requests_seconds_count", "uri=\"/api/patients/{id}\"", readPath,
                "status=\"200\""));
        assertTrue(hasSample(scrape, "normalizer_requests_total", "tenant=\"1\"", "state=\"" + path.headerValue()
                + "\""));
        assertTrue(hasSample(scrape, "normalizer_flag_evaluations_total", "flag=\"NORMALIZED_SCHEMA_ENABLED\"",
                "state=\"" + path.headerValue() + "\""));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void integrityAndMigrationStateAreExported(ReadPath path) {
        on(path).get("/api/patients").then().statusCode(200);
        Eventually.until("the first integrity run in the metrics", () -> hasSample(scrape(),
                "normalizer_integrity_check_up", "check=\"legacy-patient-rows\""), Duration.ofSeconds(60));
        String scrape = scrape();
        assertTrue(hasSample(scrape, "normalizer_integrity_check_duration_seconds_count",
                "check=\"legacy-patient-view\""));
        assertTrue(hasSample(scrape, "normalizer_integrity_figure", "check=\"legacy-patient-rows\"",
                "figure=\"patient_core\""), "the backfill's progress: rows in patient_core");
        assertTrue(scrape.lines().anyMatch(l -> l.equals("normalizer_migrations_pending 0.0")), "nothing pending");
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("normalizer_migration_version ")
                && Double.parseDouble(l.substring(l.indexOf(' ') + 1)) >= 9), "at V9 or later");
        assertTrue(scrape.lines().anyMatch(l -> l.equals("normalizer_patient_backfill_progress 1.0")),
                "V2's online backfill is complete");
        assertTrue(scrape.lines().anyMatch(l -> l.equals("normalizer_patient_backfill_rows 300.0")),
                "it copied the fixture's 300 patients");
    }
}
