package dev.normalizer.privacy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to an access request (GDPR art. 15): one JSON document with everything the service holds about the
 * subject, who read or changed it, and the requests the subject made before.
 *
 * @param request    the access request this export answers
 * @param subject    the subject's ids and state
 * @param data       the subject's records, by section ({@code patient}, or {@code customer}, {@code orders}, ...)
 * @param auditTrail every audit event that names the subject, oldest first
 * @param requests   the subject's earlier data-subject requests, oldest first
 */
public record AccessExport(RequestRecord request, Subject subject, Map<String, Object> data,
        List<AuditEntry> auditTrail, List<RequestRecord> requests) {

    /** One audit event about the subject. */
    public record AuditEntry(OffsetDateTime occurredAt, String actor, String action, @Schema(nullable = true) String readPath,
            @Schema(nullable = true) String requestId) {
    }
}
