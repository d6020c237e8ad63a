package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.normalizer.testsupport.BesideQuarkusTests;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;

/**
 * Replicas that start at the same moment on an empty database, as often as it takes to meet the race that made one
 * of two replicas exit with Flyway's "Unable to baseline schema history table ... as it already exists, and is
 * empty": the second one found no history table, then saw the schema made non-empty by the first one's new, still
 * empty history table, and tried to baseline it. Each round is a fresh empty database and eight migrators, each with
 * connections of its own, that go through {@link FlywayLocking#migrate} as the service does. Inside Flyway, a gate
 * lines up those that get there together at the point where Flyway makes that decision, then lets each go after a
 * random pause of up to the time it takes to create the history table. Without our lock about one round in two
 * failed (9 of 20; the first failure came in round 2 or 3 of three runs), so twelve rounds all but always meet the
 * race; with it, only one migrator is ever inside Flyway, and the gate lets it through after a short wait. The target is V1, because the race is over before the
 * first migration; {@code ReplicasStartTogetherIT} starts two packaged services on the whole chain, once.
 */
@BesideQuarkusTests
class MigratorsRaceTest {

    private static final int ROUNDS = 12;
    private static final int MIGRATORS = 8;
    private static final int MAX_PAUSE_MILLIS = 40;
    private static final long GATE_MILLIS = 200;

    @Test
    void migratorsStartingTogetherOnAnEmptyDatabaseAllSucceedAndApplyV1Once() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(MIGRATORS);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                String db = TestDatabase.createEmptyDatabase("race");
                CyclicBarrier start = new CyclicBarrier(MIGRATORS);
                Callback gate = gate(new CyclicBarrier(MIGRATORS));
                List<Future<Integer>> migrators = new ArrayList<>();
                for (int i = 0; i < MIGRATORS; i++) {
                    // Loaded (the class path scanned) before the start, so that the runs start together.
                    Flyway flyway = Flyway.configure().configuration(MigrationDb.flyway(db, "1").getConfiguration())
                            .callbacks(gate).load();
                    migrators.add(threads.submit(() -> {
                        start.await();
                        return FlywayLocking.migrate(flyway).migrationsExecuted;
                    }));
                }
                int applied = 0;
                for (Future<Integer> migrator : migrators) {
                    try {
                        applied += migrator.get();
                    } catch (ExecutionException e) {
                        fail("round " + round + ": a migrator failed: " + e.getCause().getMessage().strip(), e);
                    }
                }
                assertEquals(1, applied, "round " + round + ": migrations applied by the migrators together");
                try (Connection c = TestDatabase.connect(db)) {
                    assertEquals("1 SQL", MigrationDb.string(c, "SELECT string_agg(version || ' ' || type, ', ') "
                            + "FROM flyway_schema_history"), "round " + round + ": the history");
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Runs after Flyway's validation, right before it looks for its history table: waits a moment for the other
     * migrators to get there too (never longer: with the lock, none will), then pauses at random.
     */
    private static Callback gate(CyclicBarrier together) {
        return new Callback() {
            @Override
            public boolean supports(Event event, Context context) {
                return event == Event.AFTER_VALIDATE;
            }

            @Override
            public boolean canHandleInTransaction(Event event, Context context) {
                return true;
            }

            @Override
            public void handle(Event event, Context context) {
                try {
                    together.await(GATE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | BrokenBarrierException alone) {
                    // Not all came: go on alone.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(MAX_PAUSE_MILLIS + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public String getCallbackName() {
                return "gate";
            }
        };
    }
}
