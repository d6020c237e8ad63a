package dev.normalizer.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.integrity.CheckResult;
import dev.normalizer.integrity.IntegritySuite;
import dev.normalizer.testsupport.MovableClock;
import dev.normalizer.testsupport.ScratchDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retention job purges each chain after its own period, records what it removed, and keeps chains whole. */
@QuarkusTest
@WithTestResource(ScratchDatabaseResource.class)
class AuditRetentionTest {

    private static final Duration YEAR = Duration.ofDays(365);

    @Inject
    AuditRetention retention;

    @Inject
    MovableClock clock;

    @Inject
    IntegritySuite suite;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void eachChainIsPurgedAfterItsOwnRetentionAndStaysVerifiable() throws SQLException {
        execute("INSERT INTO audit_events (chain, actor, tenant_id, action, entity_id) VALUES "
                + "('patient', 'dr-who', 1, 'read', '1'), ('patient', 'dr-who', 1, 'update', '1'), "
                + "('customer', 'clerk', 1, 'read', '7'), ('customer', 'clerk', 1, 'read', '8')");
        assertEquals(Map.of("customer", 0L, "order", 0L, "patient", 0L, "reservation", 0L), retention.purge(),
                "nothing is due today");

        clock.moveBy(YEAR.multipliedBy(8));
        assertEquals(Map.of("customer", 2L, "order", 0L, "patient", 0L, "reservation", 0L), retention.purge(),
                "after 8 years: customers (7 years) go, patients (10 years) stay");
        assertEquals("customer 2 2 retention job", text("SELECT string_agg(chain || ' ' || seq || ' ' || removed || "
                + "' ' || purged_by, ';') FROM audit_checkpoints"));

        clock.moveBy(YEAR.multipliedBy(3));
        assertEquals(2L, retention.purge().get("patient"), "after 11 years the patients' events go too");
        assertEquals("0", text("SELECT count(*)::text FROM audit_events"));

        execute("INSERT INTO audit_events (chain, actor, tenant_id, action, entity_id) VALUES "
                + "('patient', 'dr-who', 1, 'read', '2')");
        assertEquals("3", text("SELECT seq::text FROM audit_events"), "the chain goes on from its checkpoint");
        CheckResult chain = suite.runAll().stream().filter(r -> r.name().equals("audit-chain")).findFirst()
                .orElseThrow();
        assertTrue(chain.up(), chain.toString());
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement s = c.createStatement(); ResultSet row = s.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
