package dev.normalizer.readpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.normalizer.auth.Roles;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The read path follows a real Unleash server: a rollout constrained to tenant 1, made and withdrawn through
 * Unleash's admin API, reaches the running service within a few refresh intervals (one second here), and the
 * service keeps serving the last state it fetched when the server goes away.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(UnleashServerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnleashRolloutEndToEndTest {

    private static final Logger LOG = Logger.getLogger(UnleashRolloutEndToEndTest.class);
    private static final String FEATURES = "/api/admin/projects/default/features";
    private static final String ENVIRONMENT = "development";
    private static final Duration PROPAGATION = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void requireNode() {
        assumeTrue(UnleashServerResource.available(),
                "node is not installed: the real Unleash server cannot run here");
    }

    @Test
    @Order(1)
    void rolloutToTenantOneSwitchesOnlyTenantOne() {
        String bootstrap = ConfigProvider.getConfig().getValue("unleash.bootstrap-file", String.class);
        assertTrue(bootstrap.endsWith("bootstrap-flag-off.json"),
                "the test bootstrap, which switches a user on, must not be in play: " + bootstrap);
        assertEquals("legacy", readPath(1), "before the flag exists, the bootstrap keeps everyone on legacy");
        createFlagForTenantOne();
        switchFlag("on");

        awaitReadPath(1, "normalized");
        assertEquals("legacy", readPath(2), "the constraint tenantId IN [1] must leave tenant 2 on legacy");
        assertEquals(FlagSource.SERVER, flagSource());
    }

    @Test
    @Order(2)
    void switchingTheFlagOffReturnsEveryTenantToLegacy() {
        createFlagForTenantOne();
        switchFlag("on");
        awaitReadPath(1, "normalized");

        switchFlag("off");
        awaitReadPath(1, "legacy");
        awaitReadPath(2, "legacy");
    }

    @Test
    @Order(3) // Last: it stops the server for good.
    void lastKnownStateKeepsServingWhileTheServerIsDown() throws Exception {
        createFlagForTenantOne();
        switchFlag("on");
        awaitReadPath(1, "normalized");

        UnleashServerResource.stopServer();
        assertThrows(IOException.class, () -> HTTP.send(
                HttpRequest.newBuilder(URI.create(UnleashServerResource.baseUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.discarding()), "the Unleash server should be down");

        long interval = ConfigProvider.getConfig().getValue("unleash.fetch-interval-seconds", Long.class);
        long until = System.nanoTime() + Duration.ofSeconds(3 * interval).toNanos();
        do {
            assertEquals("normalized", readPath(1), "tenant 1 lost the rollout while Unleash was down");
            assertEquals("legacy", readPath(2), "tenant 2 gained the rollout while Unleash was down");
            Thread.sleep(250);
        } while (System.nanoTime() < until);

        assertEquals(FlagSource.SERVER, flagSource(), "the flags in use are still the server's last ones");
        // What a restart during the outage would start from.
        Path backup = Path.of(ConfigProvider.getConfig().getValue("unleash.backup-file", String.class));
        assertTrue(Files.readString(backup).contains(ReadPathResolver.FLAG),
                "the SDK should have written the fetched flag to its backup file " + backup);
    }

    private static String readPath(int tenant) {
        return Api.bearer(Tokens.of("rollout-user", tenant, Roles.CLINICIAN))
                .when().get("/api/patients?size=1")
                .then().statusCode(200)
                .extract().header(ReadPath.HEADER);
    }

    /** Where readiness says the flags in use came from. */
    private static String flagSource() {
        return RestAssured.get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'unleash' }.data.flagSource");
    }

    private static void awaitReadPath(int tenant, String expected) {
        long begin = System.nanoTime();
        long deadline = begin + PROPAGATION.toNanos();
        String seen;
        do {
            seen = readPath(tenant);
            if (expected.equals(seen)) {
                LOG.infof("tenant %d reads %s after %d ms", tenant, expected,
                        Duration.ofNanos(System.nanoTime() - begin).toMillis());
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        fail("tenant " + tenant + " still reads " + seen + ", not " + expected + ", after " + PROPAGATION);
    }

    /** Creates the flag with a 100 % rollout constrained to tenant 1 in development, unless it exists. */
    private static void createFlagForTenantOne() {
        if (admin("GET", FEATURES + "/" + ReadPathResolver.FLAG, null).statusCode() == 200) {
            return;
        }
        expectOk(admin("POST", FEATURES, """
                {"name": "%s", "type": "release"}
                """.formatted(ReadPathResolver.FLAG)));
        expectOk(admin("POST", FEATURES + "/" + ReadPathResolver.FLAG + "/environments/" + ENVIRONMENT
                + "/strategies", """
                {"name": "flexibleRollout",
                 "parameters": {"rollout": "100", "stickiness": "default", "groupId": "%s"},
                 "constraints": [{"contextName": "tenantId", "operator": "IN", "values": ["1"]}]}
                """.formatted(ReadPathResolver.FLAG)));
    }

    private static void switchFlag(String onOrOff) {
        expectOk(admin("POST", FEATURES + "/" + ReadPathResolver.FLAG + "/environments/" + ENVIRONMENT + "/"
                + onOrOff, null));
    }

    private static HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(UnleashServerResource.baseUrl() + path))
                .timeout(Duration.ofSeconds(10));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expectOk(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            fail(response.request().method() + " " + response.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }
}
