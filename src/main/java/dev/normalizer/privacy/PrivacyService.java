package dev.normalizer.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.normalizer.audit.AuditLog;
import dev.normalizer.audit.AuditLog.Action;
import dev.normalizer.audit.ReadAuditWriter;
import dev.normalizer.auth.Caller;
import dev.normalizer.common.Jdbc;
import dev.normalizer.common.Page;
import dev.normalizer.common.PanachePages;
import dev.normalizer.common.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Carries out data-subject requests: each one runs in one transaction with its entry in
 * {@code data_subject_requests} and its audit event, so a request is recorded exactly when it took effect. A
 * request the service must refuse (anything but access on an erased subject) is recorded as refused, with why.
 * Every method returns empty when the tenant has no such subject.
 */
@ApplicationScoped
public class PrivacyService {

    private static final Duration READS_FLUSH_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(PrivacyService.class);

    private final Map<SubjectType, DataSubjects> subjects = new EnumMap<>(SubjectType.class);
    private final AuditLog audit;
    private final Caller caller;
    private final Clock clock;
    private final Jdbc jdbc;
    private final ReadAuditWriter reads;

    public PrivacyService(Instance<DataSubjects> all, AuditLog audit, Caller caller, Clock clock, Jdbc jdbc,
            ReadAuditWriter reads) {
        all.forEach(s -> subjects.put(s.type(), s));
        this.audit = audit;
        this.caller = caller;
        this.clock = clock;
        this.jdbc = jdbc;
        this.reads = reads;
    }

    /** Access (art. 15): everything held about the subject, in one document. */
    @Transactional
    public Optional<AccessExport> access(SubjectType type, long id) {
        int tenantId = caller.tenantId();
        OffsetDateTime received = now();
        awaitQueuedReads();
        return subjects.get(type).findSubject(tenantId, id).map(subject -> {
            Map<String, Object> data = subjects.get(type).exportData(tenantId, id);
            List<AccessExport.AuditEntry> trail = auditTrail(type, tenantId, id);
            List<RequestRecord> earlier = DataSubjectRequest.<DataSubjectRequest>list(
                    "tenantId = ?1 and subjectType = ?2 and subjectId = ?3 order by id", tenantId, type.dbValue(), id)
                    .stream().map(RequestRecord::of).toList();
            audit.record(type.chain(), Action.EXPORT, id);
            RequestRecord request = log(RequestType.ACCESS, type, tenantId, subject, received, null, null);
            return new AccessExport(request, subject, data, trail, earlier);
        });
    }

    /** Rectification (art. 16): a JSON merge patch applied through the ordinary write path. */
    @Transactional
    public Optional<RequestRecord> rectify(SubjectType type, long id, JsonNode changes) {
        int tenantId = caller.tenantId();
        OffsetDateTime received = now();
        return subjects.get(type).findSubject(tenantId, id).map(subject -> {
            if (subject.erased()) {
                return refuse(RequestType.RECTIFICATION, type, tenantId, subject, received);
            }
            List<String> changed = subjects.get(type).rectify(tenantId, id, changes);
            audit.record(type.chain(), Action.RECTIFY, id);
            return log(RequestType.RECTIFICATION, type, tenantId, subject, received, null,
                    changed.isEmpty() ? "no field changed" : "fields changed: " + String.join(", ", changed));
        });
    }

    /** Erasure (art. 17): the personal data goes everywhere it lives; a restricted tombstone keeps the ids. */
    @Transactional
    public Optional<RequestRecord> erase(SubjectType type, long id) {
        int tenantId = caller.tenantId();
        OffsetDateTime received = now();
        return subjects.get(type).findSubject(tenantId, id).map(subject -> {
            if (subject.erased()) {
                return refuse(RequestType.ERASURE, type, tenantId, subject, received);
            }
            subjects.get(type).erase(tenantId, id);
            audit.record(type.chain(), Action.ERASE, id);
            return log(RequestType.ERASURE, type, tenantId, subject, received, null, null);
        });
    }

    /** Restriction (art. 18) and its lifting: a restricted subject is not served to ordinary reads. */
    @Transactional
    public Optional<RequestRecord> restrict(SubjectType type, long id, boolean restricted) {
        int tenantId = caller.tenantId();
        OffsetDateTime received = now();
        RequestType requestType = restricted ? RequestType.RESTRICTION : RequestType.RESTRICTION_LIFTED;
        return subjects.get(type).findSubject(tenantId, id).map(subject -> {
            if (subject.erased()) {
                return refuse(requestType, type, tenantId, subject, received);
            }
            if (subject.restricted() == restricted) {
                return log(requestType, type, tenantId, subject, received, null,
                        restricted ? "was already restricted" : "was not restricted");
            }
            subjects.get(type).restrict(tenantId, id, restricted);
            audit.record(type.chain(), restricted ? Action.RESTRICT : Action.UPDATE, id);
            return log(requestType, type, tenantId, subject, received, null, null);
        });
    }

    @Transactional
    public Optional<RequestRecord> findRequest(long id) {
        int tenantId = caller.tenantId();
        return DataSubjectRequest.<DataSubjectRequest>find("tenantId = ?1 and id = ?2", tenantId, id)
                .firstResultOptional().map(RequestRecord::of);
    }

    /** The tenant's requests, newest first, or only those about one subject. */
    @Transactional
    public Page<RequestRecord> listRequests(Optional<Subject> about, SubjectType type, PageRequest page) {
        int tenantId = caller.tenantId();
        var query = about.isEmpty()
                ? DataSubjectRequest.<DataSubjectRequest>find("tenantId = ?1 order by id desc", tenantId)
                : DataSubjectRequest.<DataSubjectRequest>find(
                        "tenantId = ?1 and subjectType = ?2 and subjectId = ?3 order by id desc", tenantId,
                        type.dbValue(), about.get().id());
        return PanachePages.page(query, query.count(), page, RequestRecord::of);
    }

    /** The subject as a privacy request sees it (restricted and erased ones included). */
    @Transactional
    public Optional<Subject> findSubject(SubjectType type, long id) {
        int tenantId = caller.tenantId();
        return subjects.get(type).findSubject(tenantId, id);
    }

    private RequestRecord refuse(RequestType requestType, SubjectType type, int tenantId, Subject subject,
            OffsetDateTime received) {
        return log(requestType, type, tenantId, subject, received, RequestRecord.REFUSED,
                "the subject's personal data was erased on " + subject.erasedAt() + "; only its ids are kept");
    }

    private RequestRecord log(RequestType requestType, SubjectType type, int tenantId, Subject subject,
            OffsetDateTime received, String status, String detail) {
        DataSubjectRequest request = new DataSubjectRequest();
        request.tenantId = tenantId;
        request.requestType = requestType.dbValue();
        request.subjectType = type.dbValue();
        request.subjectId = subject.id();
        request.subjectPublicId = subject.publicId();
        request.status = status == null ? RequestRecord.COMPLETED : status;
        request.detail = detail;
        request.receivedAt = received;
        request.completedAt = now();
        request.handledBy = caller.actor();
        request.requestId = caller.requestId();
        request.persist();
        return RequestRecord.of(request);
    }

    /** Audit events name one record, or every record of a page (ids joined by commas). */
    private List<AccessExport.AuditEntry> auditTrail(SubjectType type, int tenantId, long id) {
        return jdbc.select("""
                SELECT occurred_at, actor, action, read_path, request_id FROM audit_events
                WHERE chain = ? AND tenant_id = ? AND ? = ANY (string_to_array(entity_id, ','))
                ORDER BY seq""", List.of(type.chain().name().toLowerCase(), tenantId, Long.toString(id)),
                row -> new AccessExport.AuditEntry(row.getObject(1, OffsetDateTime.class), row.getString(2),
                        row.getString(3), row.getString(4), row.getString(5)));
    }

    /** The export lists the subject's reads up to the request, including those still queued for the trail. */
    private void awaitQueuedReads() {
        try {
            if (!reads.flush(READS_FLUSH_TIMEOUT)) {
                LOG.warnf("read events queued for the audit trail were not written within %s; the access export "
                        + "may miss the latest reads", READS_FLUSH_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the audit trail", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
