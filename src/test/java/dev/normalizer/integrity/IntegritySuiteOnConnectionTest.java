package dev.normalizer.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The suite on a connection of the caller's, as the command-line verify will run it: no Quarkus around it. */
class IntegritySuiteOnConnectionTest {

    @Test
    void unmigratedDatabaseIsReportedCheckByCheckWithoutSpoilingTheCallersTransaction() throws SQLException {
        String db = TestDatabase.createLegacyDatabase("integrity_unmigrated");
        try (Connection c = TestDatabase.connect(db)) {
            c.setAutoCommit(false);
            List<CheckResult> results = IntegritySuite.runAll(c, 1000);

            assertEquals(IntegritySuite.checkNames(), results.stream().map(CheckResult::name).toList());
            Map<String, CheckResult> byName = results.stream()
                    .collect(Collectors.toMap(CheckResult::name, Function.identity()));
            CheckResult orphans = byName.get("patient-orphans");
            assertFalse(orphans.up());
            assertEquals("42P01 ERROR: relation \"patient_core\" does not exist", orphans.figures().get("error"));
            CheckResult history = byName.get("flyway-history");
            assertFalse(history.up());
            assertEquals(false, history.figures().get("history_table"));
            try (Statement s = c.createStatement(); ResultSet row = s.executeQuery("SELECT count(*) FROM patients")) {
                assertTrue(row.next(), "the caller's transaction still works after the failed checks");
            }
        }
    }
}
