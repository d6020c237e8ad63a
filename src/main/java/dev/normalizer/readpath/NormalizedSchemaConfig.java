package dev.normalizer.readpath;

import io.smallrye.config.ConfigMapping;

/**
 * The read-path flag for everyone when no Unleash server is configured ({@code NORMALIZED_SCHEMA_ENABLED}). A string,
 * not an enum: {@link UnleashProducer} checks it at start, and its refusal names the variable and the value, which a
 * conversion error would not.
 */
@ConfigMapping(prefix = "normalized.schema")
public interface NormalizedSchemaConfig {

    /** {@code false} (legacy path), {@code true} (normalized path) or {@code shadow}, in any case. */
    String enabled();
}
