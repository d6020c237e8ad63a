package dev.normalizer.privacy;

/** The data-subject requests the service carries out (GDPR articles 15 to 18). */
public enum RequestType {
    ACCESS, RECTIFICATION, ERASURE, RESTRICTION, RESTRICTION_LIFTED;

    /** The value stored in {@code data_subject_requests.request_type} and shown in the API. */
    public String dbValue() {
        return name().toLowerCase();
    }
}
