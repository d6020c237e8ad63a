package dev.normalizer.readpath;

/** Which shape a request reads from: the legacy columns/view, or the normalized tables. */
public enum ReadPath {
    LEGACY, NORMALIZED;

    public static final String HEADER = "X-Read-Path";

    public String headerValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
