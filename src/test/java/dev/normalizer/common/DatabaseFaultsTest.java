package dev.normalizer.common;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Eventually;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import dev.normalizer.testsupport.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real faults of the database, answered as problem+json a client can retry: a row that another transaction holds
 * (our 2 s {@code lock_timeout}: 409, where the request used to wait 59 s and then get a 500), and the server
 * killing the service's connections as it does when it shuts down (57P01: 503).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class DatabaseFaultsTest {

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aPatchOfAPatientHeldByAnotherTransactionIsAConflictToRetry(ReadPath path) throws SQLException {
        long id = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1");
        patchMiddleName(path, id, "Before").statusCode(200);
        try (HeldRow held = HeldRow.lock("patient_core", id)) {
            assertRetryableConflict(patchMiddleName(path, id, "Held"));
        }
        patchMiddleName(path, id, "Released").statusCode(200).body("middleName", equalTo("Released"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aProfileUpdateOfACustomerHeldByAnotherTransactionIsAConflictToRetry(ReadPath path) throws SQLException {
        long id = Sql.count("SELECT min(id) FROM customers WHERE tenant_id = 1");
        Map<String, Object> profile = Map.of("firstName", "Held", "lastName", "Row");
        on(path).contentType("application/json").body(profile).put("/api/customers/{id}/profile", id)
                .then().statusCode(200);
        try (HeldRow held = HeldRow.lock("customers", id)) {
            assertRetryableConflict(on(path).contentType("application/json").body(profile)
                    .put("/api/customers/{id}/profile", id).then());
        }
        on(path).contentType("application/json").body(profile).put("/api/customers/{id}/profile", id)
                .then().statusCode(200).body("firstName", equalTo("Held"));
    }

    /**
     * pg_terminate_backend is what a server that shuts down does to every session (SQLSTATE 57P01). The pool does
     * not know until it uses a connection, so the next request meets a dead one: 503; the pool then drops the dead
     * connections as it meets them, and the service recovers by itself.
     */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aRequestOnAConnectionTheServerTerminatedIsUnavailableToRetry(ReadPath path) {
        long id = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1");
        on(path).get("/api/patients/{id}", id).then().statusCode(200);
        String sessions = "FROM pg_stat_activity WHERE usename = '" + EmbeddedDatabase.APP_ROLE + "' AND datname = '"
                + TestDatabase.SERVICE_DB + "'";
        assertTrue(Sql.count("SELECT count(*) " + sessions) > 0, "the pool holds a connection");
        Sql.count("SELECT count(pg_terminate_backend(pid)) " + sessions);
        Eventually.until("the service's sessions are gone", () -> Sql.count("SELECT count(*) " + sessions) == 0,
                Duration.ofSeconds(10));

        on(path).get("/api/patients/{id}", id).then().statusCode(503)
                .contentType(Problem.MEDIA_TYPE).header("Retry-After", "5")
                .body("status", equalTo(503)).body("detail", startsWith("The database is unavailable"));
        Eventually.until("the pool has replaced its dead connections",
                () -> on(path).get("/api/patients/{id}", id).statusCode() == 200, Duration.ofSeconds(10));
    }

    static ValidatableResponse patchMiddleName(ReadPath path, long id, String middleName) {
        return on(path).contentType("application/merge-patch+json").body(Map.of("middleName", middleName))
                .patch("/api/patients/{id}", id).then();
    }

    /** Within seconds of the 2 s lock timeout (the machine may be busy), where it used to take 59 s and then fail. */
    private static void assertRetryableConflict(ValidatableResponse response) {
        response.statusCode(409).time(lessThan(6L), TimeUnit.SECONDS)
                .contentType(Problem.MEDIA_TYPE).header("Retry-After", "2")
                .body("status", equalTo(409)).body("title", equalTo("Conflict"))
                .body("detail", equalTo("The record is being changed by another request; try again shortly"));
    }

    /** A row locked FOR UPDATE by the owner in a transaction left open, as a long write elsewhere would. */
    record HeldRow(Connection connection) implements AutoCloseable {

        static HeldRow lock(String table, long id) throws SQLException {
            Connection c = TestDatabase.connect(TestDatabase.SERVICE_DB);
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ? FOR UPDATE")) {
                s.setLong(1, id);
                s.executeQuery();
            }
            return new HeldRow(c);
        }

        @Override
        public void close() throws SQLException {
            connection.rollback();
            connection.close();
        }
    }
}
