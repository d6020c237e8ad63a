package dev.normalizer.migration;

import static dev.normalizer.migration.MigrationDb.execute;
import static dev.normalizer.migration.MigrationDb.legacyDatabase;
import static dev.normalizer.migration.MigrationDb.migrate;
import static dev.normalizer.migration.MigrationDb.scalar;
import static dev.normalizer.migration.MigrationDb.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.integrity.CheckResult;
import dev.normalizer.integrity.IntegritySuite;
import dev.normalizer.migration.Rollback.Outcome;
import dev.normalizer.testsupport.BesideQuarkusTests;
import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** V7: the audit chain is computed by the database, refuses changes, and its verification names the first break. */
@BesideQuarkusTests
class AuditTrailMigrationTest {

    @Test
    void theDatabaseChainsEveryRowAndRefusesUpdateDeleteAndTruncate() throws SQLException {
        try (Connection c = TestDatabase.connect(auditedDatabase(3))) {
            assertEquals("1,2,3", string(c, "SELECT string_agg(seq::text, ',' ORDER BY seq) FROM audit_events "
                    + "WHERE chain = 'patient'"));
            assertEquals(0L, scalar(c, "SELECT count(*) FROM audit_events a WHERE a.prev_hash <> coalesce((SELECT b.hash "
                    + "FROM audit_events b WHERE b.chain = a.chain AND b.seq = a.seq - 1), '\\x"
                    + "0".repeat(64) + "'::bytea)"), "each row links to the one before");
            assertRefused(c, "UPDATE audit_events SET actor = 'someone else'", "DELETE FROM audit_events",
                    "TRUNCATE audit_events", "TRUNCATE audit_checkpoints");
            assertEquals(3L, scalar(c, "SELECT count(*) FROM audit_events"));
            assertTrue(auditCheck(c).up(), auditCheck(c).toString());
        }
    }

    @Test
    void anEditedRowIsNamedAsTheFirstBreak() throws SQLException {
        try (Connection c = TestDatabase.connect(auditedDatabase(5))) {
            behindTheServicesBack(c, "UPDATE audit_events SET entity_id = '999' WHERE chain = 'patient' AND seq = 3");
            CheckResult check = auditCheck(c);
            assertFalse(check.up());
            assertEquals(List.of("audit_events:patient seq 3 (id " + id(c, 3) + "): content does not match its hash"),
                    check.offendingIds());
        }
    }

    @Test
    void aDeletedRowIsNamedAtTheRowAfterTheGap() throws SQLException {
        try (Connection c = TestDatabase.connect(auditedDatabase(5))) {
            behindTheServicesBack(c, "DELETE FROM audit_events WHERE chain = 'patient' AND seq = 2");
            CheckResult check = auditCheck(c);
            assertFalse(check.up());
            assertEquals(List.of("audit_events:patient seq 3 (id " + id(c, 3) + "): does not follow the row before it "
                    + "(expected seq 2)"), check.offendingIds());
        }
    }

    @Test
    void aPurgeRemovesTheOldestRowsAndLeavesAVerifiableChain() throws SQLException {
        try (Connection c = TestDatabase.connect(auditedDatabase(4))) {
            String cutoff = string(c, "SELECT occurred_at::text FROM audit_events WHERE chain = 'patient' AND seq = 3");
            assertEquals(2L, scalar(c, "SELECT audit_purge('patient', '" + cutoff + "', 'test')"));
            assertEquals("3,4", string(c, "SELECT string_agg(seq::text, ',' ORDER BY seq) FROM audit_events"));
            assertEquals("2 2 test", string(c, "SELECT seq || ' ' || removed || ' ' || purged_by FROM audit_checkpoints"));
            assertTrue(auditCheck(c).up(), auditCheck(c).toString());
            assertRefused(c, "UPDATE audit_checkpoints SET removed = 0", "DELETE FROM audit_checkpoints");
            execute(c, "INSERT INTO audit_events (chain, actor, action, entity_id) VALUES ('patient', 'test', 'read', '1')");
            assertTrue(auditCheck(c).up(), "the chain goes on after the purge");

            behindTheServicesBack(c, "DELETE FROM audit_events WHERE chain = 'patient' AND seq = 3");
            assertEquals(List.of("audit_events:patient seq 4 (id " + id(c, 4) + "): does not follow the row before it "
                    + "(expected seq 3)"), auditCheck(c).offendingIds(), "an unrecorded removal still shows");
        }
    }

    @Test
    void theWayBackRefusesWhileTheTrailHoldsRecords() throws SQLException {
        String db = auditedDatabase(1);
        try (Connection c = TestDatabase.connect(db)) {
            Rollback.Result refused = Rollback.to(c, 6, MigrationDb.migrations());
            assertEquals(Outcome.REFUSED, refused.outcome(), refused.report());
            assertTrue(refused.messages().get(0).contains("1 audit event(s) and 0 purge checkpoint(s) would be lost"),
                    refused.report());
        }
        String empty = legacyDatabase();
        migrate(empty, "7");
        try (Connection c = TestDatabase.connect(empty)) {
            assertEquals(Outcome.UNDONE, Rollback.to(c, 6, MigrationDb.migrations()).outcome());
            assertEquals(null, string(c, "SELECT to_regclass('audit_events')::text"));
        }
    }

    /** A migrated legacy database whose patient chain holds {@code events} reads. */
    private static String auditedDatabase(int events) throws SQLException {
        String db = legacyDatabase();
        migrate(db, "7");
        try (Connection c = TestDatabase.connect(db)) {
            for (int i = 1; i <= events; i++) {
                execute(c, "INSERT INTO audit_events (chain, actor, tenant_id, action, entity_id, read_path, request_id) "
                        + "VALUES ('patient', 'dr-who', 1, 'read', '" + i + "', 'legacy', 'req-" + i + "')");
            }
        }
        return db;
    }

    /** What someone with the table owner's rights can do: switch the triggers off for one statement. */
    private static void behindTheServicesBack(Connection c, String sql) throws SQLException {
        execute(c, "ALTER TABLE audit_events DISABLE TRIGGER USER");
        execute(c, sql);
        execute(c, "ALTER TABLE audit_events ENABLE TRIGGER USER");
    }

    private static void assertRefused(Connection c, String... statements) {
        for (String sql : statements) {
            SQLException refused = assertThrows(SQLException.class, () -> execute(c, sql), sql);
            assertTrue(refused.getMessage().contains("the audit trail is append-only"), refused.getMessage());
        }
    }

    private static long id(Connection c, int seq) throws SQLException {
        return scalar(c, "SELECT id FROM audit_events WHERE chain = 'patient' AND seq = " + seq);
    }

    private static CheckResult auditCheck(Connection c) {
        return IntegritySuite.runAll(c, 10).stream().filter(r -> r.name().equals("audit-chain")).findFirst()
                .orElseThrow();
    }
}
