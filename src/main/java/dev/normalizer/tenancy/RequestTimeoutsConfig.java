package dev.normalizer.tenancy;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * How long a request's statements may wait for a lock and run ({@code REQUEST_*}), set per transaction by
 * {@link TenantTransactions}. PostgreSQL takes 0 (no limit) up to {@code Integer.MAX_VALUE} milliseconds; anything
 * else would fail every request, so it stops the start instead.
 */
@ConfigMapping(prefix = "request")
public interface RequestTimeoutsConfig {

    /** {@code REQUEST_LOCK_TIMEOUT}: {@code lock_timeout}; then the request gets a 409. */
    @DurationMin(nanos = 0, message = "must be 0 (no limit) or longer")
    @DurationMax(millis = Integer.MAX_VALUE, message = "must be at most 2147483647 ms, PostgreSQL's limit")
    Duration lockTimeout();

    /** {@code REQUEST_STATEMENT_TIMEOUT}: {@code statement_timeout}; then the request gets a 503. */
    @DurationMin(nanos = 0, message = "must be 0 (no limit) or longer")
    @DurationMax(millis = Integer.MAX_VALUE, message = "must be at most 2147483647 ms, PostgreSQL's limit")
    Duration statementTimeout();
}
