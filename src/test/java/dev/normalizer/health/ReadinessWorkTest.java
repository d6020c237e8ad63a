package dev.normalizer.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A readiness check that hangs or fails answers DOWN in time, saying what failed but never how the message put it. */
class ReadinessWorkTest {

    private final ReadinessWork work = new ReadinessWork();

    @AfterEach
    void stop() {
        work.stop();
    }

    @Test
    void aCheckThatHangsAnswersDownAtTheDeadline() {
        long start = System.nanoTime();
        HealthCheckResponse response = work.run("slow", () -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthCheckResponse.up("slow");
        }).await().atMost(Duration.ofSeconds(5));
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals("no answer within 2000 ms", response.getData().orElseThrow().get("error"));
        assertTrue(took >= ReadinessWork.DEADLINE.toMillis() && took < 3_000, "answered after " + took + " ms");
    }

    @Test
    void aCheckThatThrowsAnswersDownWithTheSqlStateOfItsCause() {
        HealthCheckResponse response = work.run("failing", () -> {
            throw new FlywayException("Unable to obtain connection from database (jdbc:postgresql://db.internal/x)",
                    new SQLException("Connection refused", "08001"));
        }).await().atMost(Duration.ofSeconds(5));

        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals(Map.of("error", "SQLState 08001"), response.getData().orElseThrow());
    }

    @Test
    void aFailureWithoutSqlStateIsNamedByItsKind() {
        assertEquals("IllegalStateException", ReadinessWork.failure(new IllegalStateException("db.internal:5432")));
    }
}
