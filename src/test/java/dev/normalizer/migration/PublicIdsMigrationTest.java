package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import db.migration.V6__public_ids;
import dev.normalizer.common.PublicId;
import dev.normalizer.migration.Rollback.Outcome;
import dev.normalizer.testsupport.BesideQuarkusTests;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** V6 gives every row a unique prefixed cuid2, fills in rows from other writers, and survives a rollback. */
@BesideQuarkusTests
class PublicIdsMigrationTest {

    private static final int GENERATED = 25_000;

    @Test
    void everyRowGetsAUniquePublicIdOfItsKind() throws SQLException {
        String db = MigrationDb.generatedLegacyDatabase(GENERATED); // more than two backfill batches
        migrate(db, "5");
        long start = System.nanoTime();
        migrate(db, "6");
        System.out.printf("[migration-timing] V6 (public ids) on %,d patients in %d ms%n", GENERATED + 300,
                (System.nanoTime() - start) / 1_000_000);
        try (Connection c = TestDatabase.connect(db)) {
            List<Executable> checks = new java.util.ArrayList<>();
            for (PublicId kind : PublicId.values()) {
                String t = kind.table();
                checks.add(() -> assertEquals(scalar(c, "SELECT count(*) FROM " + t),
                        scalar(c, "SELECT count(DISTINCT public_id) FROM " + t + " WHERE public_id ~ '^"
                                + kind.prefix() + "[a-z][a-z0-9]{23}$'"), t + ": one well-formed id per row"));
                checks.add(() -> assertEquals("true", string(c, "SELECT (attnotnull AND EXISTS (SELECT 1 FROM pg_index "
                        + "WHERE indexrelid = to_regclass('" + t + "_public_id_uq') AND indisunique AND indisvalid))::text "
                        + "FROM pg_attribute WHERE attrelid = '" + t + "'::regclass AND attname = 'public_id'"),
                        t + ": NOT NULL and a valid unique index"));
            }
            assertAll(checks);
            assertTrue(scalar(c, "SELECT count(*) FROM patient_core") > 2 * V6__public_ids.BATCH_SIZE);
        }
    }

    @Test
    void rowsFromOtherWritersGetAPublicIdFromTheDatabase() throws SQLException {
        String db = legacyDatabase();
        migrate(db, "6");
        try (Connection c = TestDatabase.connect(db)) {
            execute(c, "INSERT INTO orders (tenant_id, user_id, clinic_id, total_cents, currency, status) "
                    + "SELECT tenant_id, user_id, clinic_id, 1, currency, 'pending' FROM orders ORDER BY id LIMIT 1");
            execute(c, "INSERT INTO tenants (slug, name) VALUES ('t-new', 'New tenant')"); // its Default Company too
            assertAll(
                    () -> assertTrue(string(c, "SELECT public_id FROM orders ORDER BY id DESC LIMIT 1")
                            .matches("ord_[a-z][a-z0-9]{23}")),
                    () -> assertTrue(string(c, "SELECT public_id FROM companies ORDER BY id DESC LIMIT 1")
                            .matches("cmp_[a-z][a-z0-9]{23}")));
        }
    }

    @Test
    void aRollbackKeepsThePublicIdsAndGoingUpAgainGivesThemBack() throws SQLException {
        String db = legacyDatabase();
        migrate(db, "6");
        String before;
        try (Connection c = TestDatabase.connect(db)) {
            before = allPublicIds(c);
            Rollback.Result result = Rollback.to(c, 5, MigrationDb.migrations());
            assertEquals(Outcome.UNDONE, result.outcome(), result.report());
            assertEquals(scalar(c, "SELECT count(*) FROM rollback_kept.public_ids"), result.rowsRestored()
                    .get("rollback_kept.public_ids: public ids kept for V6 to give back"));
            assertNull(string(c, "SELECT string_agg(attrelid::regclass::text, ',') FROM pg_attribute "
                    + "WHERE attname = 'public_id' AND NOT attisdropped AND attrelid::regclass::text NOT LIKE 'rollback_kept.%'"),
                    "no table of the public schema has public_id");
        }
        migrate(db, "6");
        try (Connection c = TestDatabase.connect(db)) {
            assertEquals(before, allPublicIds(c));
            assertNull(string(c, "SELECT to_regnamespace('rollback_kept')::text"), "nothing kept any more");
        }
    }

    @Test
    void theMigrationAndTheServiceAgreeOnPrefixes() {
        Map<String, String> service = Arrays.stream(PublicId.values())
                .collect(Collectors.toMap(PublicId::table, PublicId::prefix));
        Map<String, String> migration = V6__public_ids.PREFIXES.stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(service, migration);
    }

    private static String allPublicIds(Connection c) throws SQLException {
        return string(c, Arrays.stream(PublicId.values()).map(k -> "SELECT '" + k.table() + "' AS t, id, public_id FROM "
                + k.table()).collect(Collectors.joining(" UNION ALL ", "SELECT md5(string_agg(t || id || public_id, ',' "
                + "ORDER BY t, id)) || ':' || count(*) FROM (", ") x")));
    }
}
