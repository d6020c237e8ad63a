package dev.normalizer.integrity;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one integrity check: its figures (counts, in the order the check reports them), the first
 * offending ids (at most {@link #MAX_OFFENDING_IDS}, each {@code table:id}) and how long it took.
 */
public record CheckResult(String name, boolean up, Map<String, Object> figures, List<String> offendingIds,
        Duration duration) {

    public static final int MAX_OFFENDING_IDS = 10;

    public CheckResult {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        offendingIds = List.copyOf(offendingIds);
    }
}
