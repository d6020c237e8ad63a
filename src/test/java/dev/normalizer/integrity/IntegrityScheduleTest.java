package dev.normalizer.integrity;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.normalizer.testsupport.Eventually;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.SmallLimits;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The background run of the integrity suite, on Quarkus' scheduler: right after startup, then every
 * {@code integrity.interval}, without anyone asking; a job whose interval is 0 (here the audit retention, as in
 * every test) is not scheduled at all.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(SmallLimits.class)
class IntegrityScheduleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    IntegritySuite suite;

    @Inject
    Scheduler scheduler;

    @Test
    void theSuiteRunsRightAfterStartupThenEveryInterval() {
        Eventually.until("a first background run", () -> suite.latestRunAt().isPresent(), WAIT);
        Instant first = suite.latestRunAt().orElseThrow();
        Eventually.until("a second background run", () -> suite.latestRunAt().orElseThrow().isAfter(first), WAIT);
    }

    @Test
    void aJobWhoseIntervalIsZeroIsNotScheduled() {
        assertNotNull(scheduler.getScheduledJob("integrity-suite"));
        assertNull(scheduler.getScheduledJob("audit-retention"), "audit.retention.interval is 0 in the tests");
    }
}
