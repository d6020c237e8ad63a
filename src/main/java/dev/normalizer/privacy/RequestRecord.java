package dev.normalizer.privacy;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A data-subject request as the API shows it. */
public record RequestRecord(Long id, String type, String subjectType, Long subjectId, String subjectPublicId,
        String status, @Schema(nullable = true) String detail, OffsetDateTime receivedAt, OffsetDateTime completedAt,
        String handledBy, @Schema(nullable = true) String requestId) {

    public static final String COMPLETED = "completed";
    public static final String REFUSED = "refused";

    static RequestRecord of(DataSubjectRequest r) {
        return new RequestRecord(r.id, r.requestType, r.subjectType, r.subjectId, r.subjectPublicId, r.status,
                r.detail, r.receivedAt, r.completedAt, r.handledBy, r.requestId);
    }

    public boolean refused() {
        return REFUSED.equals(status);
    }
}
