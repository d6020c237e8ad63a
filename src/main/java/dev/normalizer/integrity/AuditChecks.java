package dev.normalizer.integrity;

import java.sql.SQLException;
import java.util.List;

/** The audit trail (V7): every chain of audit_events is unbroken from its start or its last purge checkpoint. */
final class AuditChecks {

    private AuditChecks() {
    }

    static List<IntegrityCheck> all() {
        return List.of(new IntegrityCheck("audit-chain", AuditChecks::chainsAreUnbroken));
    }

    /** Names, per chain, the first row whose content or link no longer holds (see audit_chain_breaks in V7). */
    private static Findings chainsAreUnbroken(CheckSql sql) throws SQLException {
        if (!sql.hasTable("audit_events")) {
            return Findings.notApplicable("the audit trail (V7) is not installed");
        }
        return sql.offenders(sql.counts("""
                SELECT (SELECT count(*) FROM audit_events) AS events,
                       (SELECT count(*) FROM audit_checkpoints) AS checkpoints"""),
                List.of("broken_chains"), """
                SELECT 'broken_chains', 'audit_events',
                       chain || ' seq ' || seq || ' (id ' || id || '): ' || problem
                FROM audit_chain_breaks()""");
    }
}
