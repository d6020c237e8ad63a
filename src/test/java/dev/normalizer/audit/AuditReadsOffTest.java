package dev.normalizer.audit;

import static dev.normalizer.testsupport.Api.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** With {@code audit.reads=false} (the benchmark's baseline) reads leave no event, and writes still do. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(AuditReadsOffTest.ReadsOff.class)
class AuditReadsOffTest {

    @Inject
    ReadAuditWriter reads;

    public static class ReadsOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("audit.reads", "false");
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void readsAndPagesAreNotRecordedButWritesAre(ReadPath path) throws InterruptedException {
        String request = "reads-off-" + UUID.randomUUID();
        int id = on(path).header("X-Request-Id", request).contentType("application/json")
                .body("{\"firstName\": \"Unaudited\", \"surname\": \"Reads\"}").post("/api/patients")
                .then().statusCode(201).extract().path("id");
        on(path).header("X-Request-Id", request).get("/api/patients/{id}", id).then().statusCode(200);
        on(path).header("X-Request-Id", request).get("/api/customers?size=3").then().statusCode(200);
        assertTrue(reads.flush(Duration.ofSeconds(10)));
        assertEquals(List.of("patient create " + id), Sql.column("SELECT chain || ' ' || action || ' ' || entity_id "
                + "FROM audit_events WHERE request_id = ? ORDER BY seq", request).stream().map(String::valueOf).toList());
    }
}
