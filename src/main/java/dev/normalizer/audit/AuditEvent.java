package dev.normalizer.audit;

import java.util.Arrays;
import java.util.List;

/**
 * One audit event, with everything known when it happened; the database adds its time and chains it. A write's
 * event is inserted in the write's transaction (AuditLog), a read's by {@link ReadAuditWriter}, with one statement.
 */
record AuditEvent(String chain, String actor, Integer tenantId, String action, String entityIds, String readPath,
        String requestId) {

    static final String INSERT = "INSERT INTO audit_events (chain, actor, tenant_id, action, entity_id, read_path, "
            + "request_id) VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** The values of {@link #INSERT}'s parameters, in order. */
    List<Object> values() {
        return Arrays.asList(chain, actor, tenantId, action, entityIds, readPath, requestId);
    }
}
