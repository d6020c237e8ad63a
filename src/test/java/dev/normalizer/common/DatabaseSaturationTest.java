package dev.normalizer.common;

import static dev.normalizer.testsupport.Api.on;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database too slow for the request, and a pool with no connection to spare: 503 with Retry-After within seconds,
 * where the request used to hang for a minute and then get a 500; liveness answers all the while. The limits are
 * short here (a statement may run 1 s, a request waits 1 s for a connection), and the lock timeout longer than the
 * statement timeout, so that a held row makes the statement time out. Readiness says DOWN while the pool's
 * connections are all held for longer than a statement may run, and UP again once they are back.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(DatabaseSaturationTest.ShortLimits.class)
class DatabaseSaturationTest {

    public static class ShortLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("request.lock-timeout", "30s", "request.statement-timeout", "1s",
                    "quarkus.datasource.jdbc.acquisition-timeout", "1s");
        }
    }

    @Inject
    AgroalDataSource pool;

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aStatementThatRunsPastTheStatementTimeoutIsUnavailableToRetry(ReadPath path) throws SQLException {
        long id = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1");
        DatabaseFaultsTest.patchMiddleName(path, id, "Before").statusCode(200);
        try (DatabaseFaultsTest.HeldRow held = DatabaseFaultsTest.HeldRow.lock("patient_core", id)) {
            assertRetryableUnavailable(DatabaseFaultsTest.patchMiddleName(path, id, "Slow"));
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aRequestThatGetsNoConnectionFromThePoolIsUnavailableToRetryAndLivenessAnswers(ReadPath path)
            throws SQLException {
        long id = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1");
        on(path).get("/api/patients/{id}", id).then().statusCode(200);
        List<Connection> held = new ArrayList<>();
        try {
            holdEveryConnection(held);
            assertRetryableUnavailable(on(path).get("/api/patients/{id}", id).then());
            given().get("/q/health/live").then().statusCode(200).time(lessThan(1L), TimeUnit.SECONDS);
            // Every connection held for longer than a statement may run (1 s here): work that does not finish.
            given().get("/q/health/ready").then().statusCode(503).time(lessThan(3L), TimeUnit.SECONDS)
                    .body("checks.find { it.name == 'database' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'database' }.data.busy", equalTo(true))
                    .body("checks.find { it.name == 'database' }.data.inUse", equalTo(held.size()))
                    .body("checks.find { it.name == 'database' }.data.error", startsWith("none handed out for "));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        on(path).get("/api/patients/{id}", id).then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"));
    }

    /** Takes connections until the pool has none left to give within its acquisition timeout. */
    private void holdEveryConnection(List<Connection> held) {
        try {
            while (true) {
                held.add(pool.getConnection());
            }
        } catch (SQLException exhausted) {
            assertEquals(pool.getConfiguration().connectionPoolConfiguration().maxSize(), held.size(),
                    "connections held when the pool gave no more");
        }
    }

    /** Within seconds of the 1 s limits (the machine may be busy), where it used to hang for a minute. */
    private static void assertRetryableUnavailable(ValidatableResponse response) {
        response.statusCode(503).time(lessThan(5L), TimeUnit.SECONDS)
                .contentType(Problem.MEDIA_TYPE).header("Retry-After", "5")
                .body("status", equalTo(503)).body("title", equalTo("Service Unavailable"))
                .body("detail", equalTo("The database is unavailable or overloaded; try again shortly"));
    }
}
