package dev.normalizer.privacy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One handled data-subject request (V8); it names the subject by id and never holds the subject's data. */
@Entity
@Table(name = "data_subject_requests")
public class DataSubjectRequest extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "tenant_id", nullable = false)
    public Integer tenantId;
    @Column(name = "request_type", nullable = false)
    public String requestType;
    @Column(name = "subject_type", nullable = false)
    public String subjectType;
    @Column(name = "subject_id", nullable = false)
    public Long subjectId;
    @Column(name = "subject_public_id", nullable = false)
    public String subjectPublicId;
    @Column(nullable = false)
    public String status;
    public String detail;
    @Column(name = "received_at", nullable = false)
    public OffsetDateTime receivedAt;
    @Column(name = "completed_at", nullable = false)
    public OffsetDateTime completedAt;
    @Column(name = "handled_by", nullable = false)
    public String handledBy;
    @Column(name = "request_id")
    public String requestId;
}
