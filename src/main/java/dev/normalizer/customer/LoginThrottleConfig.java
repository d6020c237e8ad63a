package dev.normalizer.customer;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The login throttle's budgets ({@code LOGIN_THROTTLE_*}, docs/authentication.md#login-throttling): one per account
 * and one per client address, each so many failures in a row, refilled continuously over its period.
 */
@ConfigMapping(prefix = "login.throttle")
public interface LoginThrottleConfig {

    /** {@code LOGIN_THROTTLE_ACCOUNT_*}: per tenant and e-mail, known or not. */
    Limit account();

    /** {@code LOGIN_THROTTLE_ADDRESS_*}: per client address (an IPv6 /64), logins and registrations together. */
    Limit address();

    /** {@code LOGIN_THROTTLE_MAX_TRACKED}: accounts, and addresses, whose failures are remembered at most. */
    @Min(1)
    long maxTracked();

    /** At most {@code failures} in a row, then one more every {@code period / failures}. */
    interface Limit {
        @Min(1)
        int failures();

        @DurationMin(nanos = 1, message = "must be longer than 0")
        Duration period();
    }
}
