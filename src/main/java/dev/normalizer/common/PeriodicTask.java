package dev.normalizer.common;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A background job on a daemon thread of its own: once right after start (or after a first delay), then
 * {@code interval} after each run ended, so that a slow run never overlaps the next. A zero interval means never. A
 * failed run is logged and the next one still comes. Plain threads rather than a scheduler extension, for the
 * service's few periodic jobs.
 */
public final class PeriodicTask {

    private static final Logger LOG = Logger.getLogger(PeriodicTask.class);

    private final String name;
    private final ScheduledExecutorService executor;

    private PeriodicTask(String name, ScheduledExecutorService executor) {
        this.name = name;
        this.executor = executor;
    }

    /** Starts the job, or returns null (and says so) when the interval is zero or negative. */
    public static PeriodicTask start(String name, Duration interval, Runnable job) {
        return start(name, Duration.ZERO, interval, job);
    }

    /** The same, with the first run only {@code firstDelay} after start. */
    public static PeriodicTask start(String name, Duration firstDelay, Duration interval, Runnable job) {
        if (interval.isZero() || interval.isNegative()) {
            LOG.infof("%s not scheduled (interval 0)", name);
            return null;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        PeriodicTask periodic = new PeriodicTask(name, executor);
        executor.scheduleWithFixedDelay(periodic.quietly(job), firstDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return periodic;
    }

    public void stop() {
        executor.shutdownNow();
    }

    /** An exception escaping a scheduled run would cancel every later run. */
    private Runnable quietly(Runnable job) {
        return () -> {
            try {
                job.run();
            } catch (CancellationException e) {
                LOG.debugf("%s run cancelled by shutdown", name);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s run failed", name);
            }
        };
    }
}
