package dev.normalizer.integrity;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** The integrity suite's background runs ({@code INTEGRITY_*}, docs/configuration.md). */
@ConfigMapping(prefix = "integrity")
public interface IntegrityConfig {

    /** {@code INTEGRITY_INTERVAL}: the pause between two background runs; 0 turns them off. */
    @DurationMin(nanos = 0, message = "must be 0 (off) or longer")
    Duration interval();

    LegacyView legacyView();

    /** {@code INTEGRITY_PARALLELISM}: checks run at once, each on a pooled connection of its own. */
    @Min(1)
    int parallelism();

    interface LegacyView {
        /** {@code INTEGRITY_LEGACY_VIEW_SAMPLE_SIZE}: patients compared with {@code v_patients_legacy} per run. */
        @Min(0)
        int sampleSize();
    }
}
