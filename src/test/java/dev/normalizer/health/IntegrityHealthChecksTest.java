package dev.normalizer.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.integrity.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** How one integrity check reads in the health group, from the suite's cached result. */
class IntegrityHealthChecksTest {

    @Test
    void checkIsDownAndSaysSoBeforeTheFirstRunHasFinished() {
        HealthCheckResponse response = IntegrityHealthChecks.response("patient-orphans", Optional.empty(),
                Optional.empty());
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals(Map.of("state", "not yet run"), response.getData().orElseThrow());
    }

    @Test
    void downCheckCarriesItsFiguresAndOffendingIds() {
        Instant runAt = Instant.parse("2026-11-21T10:00:00Z");
        CheckResult result = new CheckResult("customer-profile-and-company", false,
                Map.of("customers", 122, "without_profile", 2L, "applicable", true),
                List.of("customers:5", "customers:87"), Duration.ofMillis(12));
        HealthCheckResponse response = IntegrityHealthChecks.response(result.name(), Optional.of(result),
                Optional.of(runAt));
        assertEquals("customer-profile-and-company", response.getName());
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals(Map.of("customers", 122L, "without_profile", 2L, "applicable", true,
                "offendingIds", "customers:5, customers:87", "durationMs", 12L,
                "checkedAt", "2026-11-21T10:00:00Z"), response.getData().orElseThrow());
    }
}
