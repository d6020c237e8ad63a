package dev.normalizer.privacy;

import dev.normalizer.common.PublicIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.time.OffsetDateTime;

/**
 * The root entity of a kind of data subject (a patient's core row, a customer): the two columns that only
 * data-subject requests set, which both kinds have alike, and the {@link Subject} such a row is to a privacy
 * request, built here once for every kind.
 */
@MappedSuperclass
public abstract class SubjectEntity extends PublicIdEntity {

    /** Set only by data-subject requests: a restricted subject is not served to ordinary reads. */
    @Column(name = "gdpr_restricted", nullable = false)
    public Boolean gdprRestricted = false;
    /** When an erasure left this row as a tombstone; null for a living record. */
    @Column(name = "erased_at")
    public OffsetDateTime erasedAt;

    /** The row's numeric id; each kind keys its rows its own way (generated, or the legacy user's id). */
    protected abstract Long subjectId();

    /** The subject as a privacy request sees it, restricted or erased or not. */
    public Subject subject() {
        return new Subject(subjectId(), publicId, gdprRestricted, erasedAt);
    }
}
