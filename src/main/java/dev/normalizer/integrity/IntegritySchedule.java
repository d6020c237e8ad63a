package dev.normalizer.integrity;

import dev.normalizer.common.PeriodicJobs;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Runs the integrity suite in the background, on Quarkus' scheduler ({@link PeriodicJobs}): once right after
 * startup, then every {@code integrity.interval}; a run still going when the next is due makes that one skip. A
 * zero interval turns it off.
 */
@ApplicationScoped
public class IntegritySchedule {

    private final IntegritySuite suite;
    private final Duration interval;

    public IntegritySchedule(IntegritySuite suite, IntegrityConfig config) {
        this.suite = suite;
        this.interval = config.interval();
    }

    void start(@Observes StartupEvent event, Scheduler scheduler) {
        PeriodicJobs.schedule(scheduler, "integrity-suite", Duration.ZERO, interval, suite::refresh);
    }
}
