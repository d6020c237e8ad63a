package dev.normalizer.audit;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** The audit trail's settings ({@code AUDIT_*}, docs/configuration.md). */
@ConfigMapping(prefix = "audit")
public interface AuditConfig {

    /**
     * {@code AUDIT_READS}: whether reads and pages are recorded (writes and data-subject requests always are); false
     * exists to measure what auditing reads costs, not for production.
     */
    boolean reads();

    Retention retention();

    interface Retention {
        /** {@code AUDIT_RETENTION_INTERVAL}: how often the retention policy is applied; 0 never. */
        @DurationMin(nanos = 0, message = "must be 0 (never) or longer")
        Duration interval();
    }
}
