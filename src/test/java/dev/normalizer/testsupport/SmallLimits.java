package dev.normalizer.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with limits small enough for a test to reach them, for the classes that test those limits. They share
 * this one profile, so one application, since each Quarkus application costs seconds to build and start
 * (docs/testing.md): each setting is one that the other classes never come near.
 * <ul>
 *   <li>login throttling: 3 failures per account and 6 per address in 15 minutes, the address taken from
 *       {@code X-Forwarded-For} ({@code LoginThrottleTest});</li>
 *   <li>bcrypt at its lowest cost for new hashes, since these tests count attempts and do not time them (legacy
 *       hashes keep their own cost);</li>
 *   <li>customer sessions of two seconds ({@code CustomerSessionExpiryTest});</li>
 *   <li>shadow comparisons: one thread, room for one waiting comparison, a time limit of one second
 *       ({@code ShadowQueueTest});</li>
 *   <li>the integrity suite every two seconds ({@code IntegrityScheduleTest}).</li>
 * </ul>
 */
public class SmallLimits implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("login.throttle.account.failures", "3"),
                Map.entry("login.throttle.account.period", "15m"),
                Map.entry("login.throttle.address.failures", "6"),
                Map.entry("login.throttle.address.period", "15m"),
                Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                Map.entry("customer.password.bcrypt-cost", "4"),
                Map.entry("customer.session.ttl", "PT2S"),
                Map.entry("shadow.threads", "1"),
                Map.entry("shadow.queue-capacity", "1"),
                Map.entry("shadow.time-limit", "1s"),
                Map.entry("integrity.interval", "2s"));
    }
}
