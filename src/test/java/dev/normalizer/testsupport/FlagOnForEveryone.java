package dev.normalizer.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * NORMALIZED_SCHEMA_ENABLED=true without an Unleash URL or bootstrap file: the flag is on for every tenant and user,
 * also for a caller without a user.
 */
public class FlagOnForEveryone implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("normalized.schema.enabled", "true", "unleash.bootstrap-file", "");
    }
}
