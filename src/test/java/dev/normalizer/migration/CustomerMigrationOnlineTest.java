package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.flyway;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** V3 and V4 run beside the legacy application: they never make it wait long, and a crash is finished by a rerun. */
class CustomerMigrationOnlineTest {

    private static final long HOLD_MS = 6_000;
    /** db.migration.OnlineSteps.BATCH_SIZE_PROPERTY. */
    private static final String BATCH_SIZE_PROPERTY = "normalizer.migration.batch-size";

    /**
     * A legacy transaction holds orders (a long report) for 6 s. Without lock_timeout, V3's ALTER TABLE would wait
     * for it and every later legacy statement on orders would queue behind the ALTER for those 6 s.
     */
    @Test
    void aLockHeldOnOrdersDelaysLegacyStatementsByAtMostTheLockTimeoutAndTheMigrationRetries() throws Exception {
        String db = legacyDatabase();
        migrate(db, "2");
        try (Connection report = TestDatabase.connect(db); Connection legacy = TestDatabase.connect(db)) {
            report.setAutoCommit(false);
            scalar(report, "SELECT count(*) FROM orders");
            long start = System.nanoTime();
            CompletableFuture<MigrateResult> migration = CompletableFuture.supplyAsync(() -> migrate(db, "4"));
            awaitTrue(legacy, "SELECT count(*) > 0 FROM pg_locks WHERE NOT granted AND relation = 'orders'::regclass");

            long worst = 0;
            long statements = 0;
            while (millisSince(start) < HOLD_MS) {
                long t0 = System.nanoTime();
                scalar(legacy, "SELECT count(*) FROM orders");
                worst = Math.max(worst, millisSince(t0));
                statements++;
                Thread.sleep(50);
            }
            assertTrue(!migration.isDone(), "the migration waits for the report to end");
            report.commit();
            MigrateResult result = migration.get(3, TimeUnit.MINUTES);

            long worstMs = worst;
            long count = statements;
            assertAll(
                    () -> assertTrue(result.success),
                    () -> assertTrue(worstMs < 3_000, "a legacy statement waited " + worstMs + " ms of "
                            + count + " (lock_timeout 2 s)"),
                    () -> assertTrue(millisSince(start) > HOLD_MS, "it completed after the lock was released"),
                    () -> assertEquals(0, scalar(legacy, "SELECT count(*) FROM orders WHERE customer_id IS NULL "
                            + "OR company_id IS NULL")));
        }
    }

    /**
     * kill -9 of the service in the middle of the orders backfill: batches of one id, the last order locked by a
     * legacy transaction so that the backfill stops there, then every connection of the migration terminated.
     * repair and a new start finish it: every customer, profile and order once, none missing.
     */
    @Test
    void rerunAfterACrashInTheMiddleOfTheBackfillCompletesWithoutDuplicatesOrGaps() throws Exception {
        String db = legacyDatabase();
        migrate(db, "2");
        try (Connection c = TestDatabase.connect(db); Connection legacy = TestDatabase.connect(db)) {
            execute(c, "CREATE SCHEMA legacy_before; CREATE TABLE legacy_before.users AS TABLE users");
            long orders = scalar(c, "SELECT count(*) FROM orders");
            System.setProperty(BATCH_SIZE_PROPERTY, "1");
            CompletableFuture<MigrateResult> migration;
            try {
                migration = CompletableFuture.supplyAsync(() -> migrate(db, "3"));
                awaitTrue(c, "SELECT count(*) > 0 FROM information_schema.columns WHERE table_name = 'orders' "
                        + "AND column_name = 'customer_id'");
                legacy.setAutoCommit(false);
                scalar(legacy, "SELECT id FROM orders WHERE id = (SELECT max(id) FROM orders) FOR UPDATE");
                awaitTrue(c, "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND wait_event_type = 'Lock'");
                long filled = scalar(c, "SELECT count(*) FROM orders WHERE customer_id IS NOT NULL");
                assertTrue(filled > 0 && filled < orders, filled + " of " + orders + " orders backfilled");
                execute(c, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND pid NOT IN (pg_backend_pid(), " + scalar(legacy, "SELECT pg_backend_pid()") + ")");
                assertThrows(ExecutionException.class, () -> migration.get(1, TimeUnit.MINUTES));
                legacy.commit();
                // Meanwhile the legacy application goes on writing.
                execute(c, "UPDATE users SET city = 'After the crash' WHERE id = (SELECT min(id) FROM users "
                        + "WHERE is_customer)");
            } finally {
                System.clearProperty(BATCH_SIZE_PROPERTY);
            }

            flyway(db, "3").repair();
            assertTrue(migrate(db, "3").success);

            assertAll(
                    () -> assertEquals(scalar(c, "SELECT count(*) FROM users WHERE is_customer"),
                            scalar(c, "SELECT count(*) FROM customers")),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM users u WHERE u.is_customer AND NOT EXISTS "
                            + "(SELECT 1 FROM customer_profiles p WHERE p.customer_id = u.id)"), "no gap"),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM orders WHERE customer_id IS DISTINCT FROM "
                            + "user_id"), "every order backfilled"),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM reservations WHERE customer_id IS DISTINCT "
                            + "FROM user_id"), "every reservation backfilled"),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM users u JOIN customer_profiles p "
                            + "ON p.customer_id = u.id WHERE (u.first_name, u.city, u.notes, u.preferences) "
                            + "IS DISTINCT FROM (p.first_name, p.city, p.notes, p.preferences)"),
                            "profiles equal users, the write after the crash included"),
                    () -> assertEquals(scalar(c, "SELECT count(*) FROM legacy_before.users WHERE is_customer "
                            + "AND home_clinic_id IS NOT NULL"), scalar(c, "SELECT count(*) FROM customer_clinics "
                            + "WHERE is_home")),
                    () -> assertEquals(1, scalar(c, "SELECT count(*) FROM flyway_schema_history WHERE version = '3' "
                            + "AND success")),
                    () -> assertEquals(0, scalar(c, "SELECT count(*) FROM pg_index WHERE NOT indisvalid")));
        }
    }

    private static void awaitTrue(Connection c, String sql) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        while (!"t".equals(MigrationDb.string(c, sql))) {
            if (millisSince(start) > 60_000) {
                throw new AssertionError("not within 60 s: " + sql);
            }
            Thread.sleep(5);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
