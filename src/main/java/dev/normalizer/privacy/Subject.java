package dev.normalizer.privacy;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A data subject as a privacy request finds it: restricted and erased ones included.
 *
 * @param id        the numeric id
 * @param publicId  the prefixed public id
 * @param restricted whether processing is restricted
 * @param erasedAt  when an erasure left only a tombstone, or null
 */
public record Subject(long id, String publicId, boolean restricted, @Schema(nullable = true) OffsetDateTime erasedAt) {

    public boolean erased() {
        return erasedAt != null;
    }
}
