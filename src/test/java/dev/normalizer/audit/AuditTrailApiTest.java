package dev.normalizer.audit;

import static dev.normalizer.testsupport.Api.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every read and write of a patient or customer record leaves one chained audit event, on both read paths. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class AuditTrailApiTest {

    @Inject
    ReadAuditWriter reads;

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aReadIsRecordedWithWhoWhatWhereAndWhichRequest(ReadPath path) {
        long id = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1");
        String request = requestId();
        on(path).header("X-Request-Id", request).get("/api/patients/{id}", id).then().statusCode(200);
        assertEquals(List.of("patient read " + id + " by " + Api.user(path) + " of tenant 1 on " + path.headerValue()),
                events(request));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aPageIsOneEventNamingEachRecordRead(ReadPath path) {
        String request = requestId();
        List<Integer> ids = on(path).header("X-Request-Id", request).get("/api/customers?size=3").then()
                .statusCode(200).extract().jsonPath().getList("items.id", Integer.class);
        assertEquals(List.of("customer list " + ids.stream().map(String::valueOf).collect(Collectors.joining(","))
                + " by " + Api.user(path) + " of tenant 1 on " + path.headerValue()), events(request));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void writesAreRecordedAndAFailedWriteLeavesNothing(ReadPath path) {
        String create = requestId();
        int id = on(path).header("X-Request-Id", create).contentType("application/json")
                .body("{\"firstName\": \"Audit\", \"surname\": \"Trail\"}").post("/api/patients")
                .then().statusCode(201).extract().path("id");
        assertEquals(List.of("patient create " + id + " by " + Api.user(path) + " of tenant 1 on "
                + path.headerValue()), events(create));

        String update = requestId();
        on(path).header("X-Request-Id", update).contentType("application/merge-patch+json")
                .body("{\"surname\": \"Trails\"}").patch("/api/patients/{id}", id).then().statusCode(200);
        assertEquals(List.of("patient update " + id + " by " + Api.user(path) + " of tenant 1 on "
                + path.headerValue()), events(update));

        String refused = requestId();
        on(path).header("X-Request-Id", refused).contentType("application/merge-patch+json")
                .body("{\"dateOfBirth\": \"not a date\"}").patch("/api/patients/{id}", id).then().statusCode(400);
        assertEquals(List.of(), events(refused), "the event rolls back with the write");
        assertEquals(0L, Sql.count("SELECT count(*) FROM audit_chain_breaks()"), "every chain is unbroken");
    }

    private static String requestId() {
        return "audit-test-" + UUID.randomUUID();
    }

    /** The events of one request, once the reads queued so far are in the trail. */
    private List<String> events(String requestId) {
        try {
            assertTrue(reads.flush(Duration.ofSeconds(10)), "queued read events are written");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return Sql.column("SELECT chain || ' ' || action || ' ' || entity_id || ' by ' || actor || ' of tenant ' "
                + "|| tenant_id || ' on ' || read_path FROM audit_events WHERE request_id = ? ORDER BY seq", requestId)
                .stream().map(String::valueOf).toList();
    }
}
