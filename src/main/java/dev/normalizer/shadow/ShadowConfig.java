package dev.normalizer.shadow;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * How much shadow reading the service does ({@code SHADOW_*}, docs/configuration.md): a value out of range stops the
 * start with the property's name, since a bad one would either compare nothing or let comparisons pile up.
 */
@ConfigMapping(prefix = "shadow")
public interface ShadowConfig {

    /** {@code SHADOW_SAMPLE_RATE}: the share of shadowed reads that are compared, from 0 to 1. */
    @DecimalMin("0")
    @DecimalMax("1")
    double sampleRate();

    /** {@code SHADOW_QUEUE_CAPACITY}: comparisons that may wait for a thread; one more is dropped. */
    @Min(1)
    int queueCapacity();

    /** {@code SHADOW_THREADS}: threads making comparisons, each with a pooled connection while it reads. */
    @Min(1)
    int threads();

    /** {@code SHADOW_TIME_LIMIT}: how long a comparison may wait and its normalized read may run. */
    @DurationMin(nanos = 1, message = "must be longer than 0")
    Duration timeLimit();
}
