package dev.normalizer.common;

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

/**
 * A setting out of its range stops the start, and the message names each bad property and its rule: the constraints
 * of the configuration mappings, checked by Quarkus at start, in nested groups too.
 */
@QuarkusMainTest
@WithTestResource(PostgresResource.class)
@TestProfile(BadSettingsTest.OutOfRange.class)
class BadSettingsTest {

    public static class OutOfRange implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shadow.sample-rate", "1.5", "login.throttle.account.failures", "0",
                    "customer.password.bcrypt-cost", "32", "request.lock-timeout", "-1s");
        }
    }

    // A service that started would wait for its exit: the timeout turns that into a failure.
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theServiceDoesNotStartAndNamesEachBadSetting(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch();
        String output = result.getOutput() + result.getErrorOutput();
        assertNotEquals(0, result.exitCode(), output);
        for (String expected : new String[] {"shadow.sample-rate must be less than or equal to 1",
                "login.throttle.account.failures must be greater than or equal to 1",
                "customer.password.bcrypt-cost must be less than or equal to 31",
                "request.lock-timeout must be 0 (no limit) or longer"}) {
            assertTrue(output.contains(expected), expected + " in: " + output);
        }
    }
}
