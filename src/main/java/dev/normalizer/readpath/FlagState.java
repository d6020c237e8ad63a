package dev.normalizer.readpath;

import java.util.Locale;

/**
 * What {@code NORMALIZED_SCHEMA_ENABLED} says for one request: off (legacy), on (normalized), or on with the variant
 * {@code shadow}, which serves the legacy answer and compares the normalized one with it off the request path.
 */
public enum FlagState {
    LEGACY(ReadPath.LEGACY), SHADOW(ReadPath.LEGACY), NORMALIZED(ReadPath.NORMALIZED);

    /** The Unleash variant of the flag that means {@link #SHADOW}. */
    public static final String SHADOW_VARIANT = "shadow";

    private final ReadPath served;

    FlagState(ReadPath served) {
        this.served = served;
    }

    /** The path whose answer the caller gets. */
    public ReadPath served() {
        return served;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
