package dev.normalizer.integrity;

import java.util.List;
import java.util.Map;

/** What a check found, before the suite adds its name and duration. */
record Findings(boolean up, Map<String, Object> figures, List<String> offendingIds) {

    /** A check about schema objects that are gone (such as the legacy customer columns after the contract step). */
    static Findings notApplicable(String why) {
        return new Findings(true, Map.of("applicable", false, "reason", why), List.of());
    }
}
