package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.flyway;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** V5 builds indexes on the live legacy tables concurrently: writes go on meanwhile, and a failed build can rerun. */
class LegacyReadIndexesMigrationTest {

    private static final String VALID_V5_INDEXES = "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_index i "
            + "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indisvalid AND c.relname IN "
            + "('users_customers_tenant_idx', 'orders_user_idx', 'reservations_user_idx')";

    @Test
    void ordersStayWritableWhileTheirIndexIsBuilt() throws Exception {
        String db = legacyDatabase();
        migrate(db, "4");
        try (Connection open = TestDatabase.connect(db); Connection writer = TestDatabase.connect(db)) {
            // A transaction that has written to orders and is still open: a plain CREATE INDEX would queue for its
            // SHARE lock behind it, and every later write to orders would queue behind that.
            open.setAutoCommit(false);
            execute(open, "UPDATE orders SET status = status WHERE id = (SELECT min(id) FROM orders)");
            CompletableFuture<MigrateResult> v5 = CompletableFuture.supplyAsync(() -> migrate(db, "5"));
            awaitIndexBuildWaiting(writer);

            execute(writer, "SET statement_timeout = '5s'");
            execute(writer, "UPDATE orders SET status = status WHERE id = (SELECT max(id) FROM orders)");
            assertEquals(1L, scalar(writer, "WITH n AS (INSERT INTO orders (tenant_id, user_id, clinic_id, "
                    + "total_cents, currency, status, placed_at) SELECT tenant_id, user_id, clinic_id, 100, currency, "
                    + "'pending', now() FROM orders ORDER BY id LIMIT 1 RETURNING 1) SELECT count(*) FROM n"));
            assertFalse(v5.isDone(), "the index build waits for the open transaction instead of blocking writes");

            open.commit();
            assertEquals(1, v5.get(60, TimeUnit.SECONDS).migrationsExecuted);
            assertEquals("orders_user_idx,reservations_user_idx,users_customers_tenant_idx",
                    string(writer, VALID_V5_INDEXES));
        }
    }

    @Test
    void aFailedIndexBuildRunsAgainAfterRepair() throws SQLException {
        String db = legacyDatabase();
        migrate(db, "4");
        try (Connection c = TestDatabase.connect(db)) {
            execute(c, "CREATE TABLE orders_user_idx (id int)"); // the name V5 needs, taken

            assertThrows(FlywayException.class, () -> migrate(db, "5"));
            assertEquals("5 failed", string(c, "SELECT version || CASE WHEN success THEN ' applied' ELSE ' failed' END "
                    + "FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1"));
            assertThrows(FlywayException.class, () -> migrate(db, "5"), "Flyway stops at a failed entry");

            execute(c, "DROP TABLE orders_user_idx");
            flyway(db, "5").repair();
            assertEquals(1, migrate(db, "5").migrationsExecuted);
            assertEquals("orders_user_idx,reservations_user_idx,users_customers_tenant_idx",
                    string(c, VALID_V5_INDEXES));
            assertEquals(0L, scalar(c, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "no invalid leftovers");
        }
    }

    /** Until the migration's index build sits waiting on a lock (for the open transaction). */
    private static void awaitIndexBuildWaiting(Connection c) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (scalar(c, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND query ILIKE 'CREATE INDEX%' AND wait_event_type = 'Lock'") > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the index build never started waiting: "
                + string(c, "SELECT string_agg(query || ' / ' || coalesce(wait_event, '-'), '; ') "
                        + "FROM pg_stat_activity WHERE datname = current_database()"));
    }
}
