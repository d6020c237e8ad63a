package dev.normalizer.readpath;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.testsupport.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** NORMALIZED_SCHEMA_ENABLED other than false, true or shadow stops the start, saying why. */
@QuarkusMainTest
@WithTestResource(PostgresResource.class)
@TestProfile(BadFlagValueTest.Maybe.class)
class BadFlagValueTest {

    public static class Maybe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("normalized.schema.enabled", "maybe", "unleash.bootstrap-file", "");
        }
    }

    // A service that started would wait for its exit: the timeout turns that into a failure.
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theServiceDoesNotStartAndSaysWhy(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch();
        String output = result.getOutput() + result.getErrorOutput();
        assertNotEquals(0, result.exitCode(), output);
        assertTrue(output.contains("NORMALIZED_SCHEMA_ENABLED must be false, true or shadow, not 'maybe'"), output);
    }
}
