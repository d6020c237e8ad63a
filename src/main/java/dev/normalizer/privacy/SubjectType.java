package dev.normalizer.privacy;

import dev.normalizer.audit.AuditLog.Chain;
import dev.normalizer.common.PublicId;
import java.util.Arrays;
import java.util.Optional;

/** The kinds of data subject the service holds: their path segment under /api/privacy, public id and audit chain. */
public enum SubjectType {
    PATIENT("patients", PublicId.PATIENT, Chain.PATIENT),
    CUSTOMER("customers", PublicId.CUSTOMER, Chain.CUSTOMER);

    private final String segment;
    private final PublicId publicId;
    private final Chain chain;

    SubjectType(String segment, PublicId publicId, Chain chain) {
        this.segment = segment;
        this.publicId = publicId;
        this.chain = chain;
    }

    /** The type whose path segment this is ({@code patients}, {@code customers}). */
    public static Optional<SubjectType> ofSegment(String segment) {
        return Arrays.stream(values()).filter(t -> t.segment.equals(segment)).findFirst();
    }

    /** The value stored in {@code data_subject_requests.subject_type}. */
    public String segment() {
        return segment;
    }

    public String dbValue() {
        return name().toLowerCase();
    }

    public PublicId publicId() {
        return publicId;
    }

    public Chain chain() {
        return chain;
    }
}
