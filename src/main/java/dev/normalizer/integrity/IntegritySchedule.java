package dev.normalizer.integrity;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the integrity suite in the background: once right after startup, then every {@code integrity.interval}
 * after the previous run ended, so that a slow run never overlaps the next. A zero interval turns it off.
 * One plain daemon thread, rather than a scheduler extension, for one periodic job.
 */
@ApplicationScoped
public class IntegritySchedule {

    private static final Logger LOG = Logger.getLogger(IntegritySchedule.class);

    private final IntegritySuite suite;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public IntegritySchedule(IntegritySuite suite, @ConfigProperty(name = "integrity.interval") Duration interval) {
        this.suite = suite;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        if (interval.isZero() || interval.isNegative()) {
            LOG.info("Integrity suite not scheduled (integrity.interval is 0)");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "integrity-suite");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** An exception escaping a scheduled task would cancel every later run. */
    private void runQuietly() {
        try {
            suite.refresh();
        } catch (CancellationException e) {
            LOG.debug("Integrity suite run cancelled by shutdown");
        } catch (RuntimeException e) {
            LOG.error("Integrity suite run failed", e);
        }
    }
}
