package dev.normalizer.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.testsupport.Eventually;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.SmallLimits;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Shadow comparisons never stand in a request's way: with one thread and room for one waiting comparison, a third
 * is dropped at once and counted; one that waited past the time limit, or whose read ran past it, is dropped too.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(SmallLimits.class)
class ShadowQueueTest {

    private static final Map<String, Object> ANSWER = Map.of("id", 1, "city", "Lyon");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    ShadowReads shadow;

    @Inject
    MeterRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    private double counted(String name, String entity, String key, String value) {
        return registry.find(name).tags("entity", entity, "tenant", "1", key, value).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    /** A normalized read that says it started, then holds the only thread until released. */
    private static Supplier<Object> blockedUntil(CountDownLatch started, CountDownLatch release, long seconds) {
        return () -> {
            started.countDown();
            try {
                release.await(seconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ANSWER;
        };
    }

    @Test
    void aComparisonFindingTheQueueFullIsDroppedAndCountedAtOnce() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        shadow.submit("full-queue", 1, ANSWER, blockedUntil(started, release, 5));
        await(started);
        shadow.submit("full-queue", 1, ANSWER, () -> ANSWER);
        shadow.submit("full-queue", 1, ANSWER, () -> ANSWER);
        assertEquals(1, counted(ShadowReads.DROPPED, "full-queue", "reason", "queue-full"),
                "the third comparison is dropped when it is submitted");
        release.countDown();
        Eventually.until("both queued comparisons made", () -> counted(ShadowReads.COMPARISONS, "full-queue",
                "outcome", "match") == 2, WAIT);
    }

    @Test
    void aComparisonThatWaitedPastTheTimeLimitIsDroppedAsExpired() {
        CountDownLatch started = new CountDownLatch(1);
        shadow.submit("expired", 1, ANSWER, blockedUntil(started, new CountDownLatch(1), 2));
        await(started);
        shadow.submit("expired", 1, ANSWER, () -> ANSWER);
        Eventually.until("the waiting comparison dropped as expired", () -> counted(ShadowReads.DROPPED, "expired",
                "reason", "expired") == 1, WAIT);
        assertEquals(0, counted(ShadowReads.COMPARISONS, "expired", "outcome", "match"),
                "neither comparison was made: the first outlived its transaction");
    }

    @Test
    void aNormalizedReadRunningPastTheTimeLimitIsCancelledAndCountedAsTimeout() {
        shadow.submit("slow-read", 1, ANSWER, () -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_sleep(5)");
                return ANSWER;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Eventually.until("the slow read dropped as timeout", () -> counted(ShadowReads.DROPPED, "slow-read",
                "reason", "timeout") == 1, WAIT);
        assertEquals(0, counted(ShadowReads.COMPARISONS, "slow-read", "outcome", "match"));
    }

    private static void await(CountDownLatch started) {
        Eventually.until("the first comparison taken by the thread", () -> started.getCount() == 0, WAIT);
    }
}
