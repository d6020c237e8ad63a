package dev.normalizer.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a privacy request needs of one kind of subject. {@code patient/} and {@code customer/} implement it, each
 * with its own tables; every method runs in the caller's transaction and works on the normalized tables, keeping
 * the legacy copies in step.
 */
public interface DataSubjects {

    SubjectType type();

    /** The subject of this tenant, restricted or erased or not. */
    Optional<Subject> findSubject(int tenantId, long id);

    /** Everything held about the subject (its record and what hangs off it), keyed by section. */
    Map<String, Object> exportData(int tenantId, long id);

    /** Corrects the subject through the ordinary write path, from a JSON merge patch; returns the keys changed. */
    List<String> rectify(int tenantId, long id, JsonNode changes);

    /**
     * Removes the subject's personal data from the normalized tables and from every legacy copy, irreversibly,
     * leaving a restricted tombstone that keeps the ids.
     */
    void erase(int tenantId, long id);

    void restrict(int tenantId, long id, boolean restricted);
}
