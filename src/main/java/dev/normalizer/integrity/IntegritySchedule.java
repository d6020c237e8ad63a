package dev.normalizer.integrity;

import dev.normalizer.common.PeriodicTask;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Runs the integrity suite in the background: once right after startup, then every {@code integrity.interval}
 * after the previous run ended. A zero interval turns it off.
 */
@ApplicationScoped
public class IntegritySchedule {

    private final IntegritySuite suite;
    private final Duration interval;
    private PeriodicTask task;

    public IntegritySchedule(IntegritySuite suite, IntegrityConfig config) {
        this.suite = suite;
        this.interval = config.interval();
    }

    void start(@Observes StartupEvent event) {
        task = PeriodicTask.start("integrity-suite", interval, suite::refresh);
    }

    void stop(@Observes ShutdownEvent event) {
        if (task != null) {
            task.stop();
        }
    }
}
