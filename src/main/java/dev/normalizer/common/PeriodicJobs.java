package dev.normalizer.common;

import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The service's periodic jobs, on Quarkus' scheduler: first {@code firstDelay} after they are scheduled (zero: at
 * the scheduler's next tick, within a second), then every {@code interval}; a run still going when the next is due
 * makes that one skip, so that runs never overlap. A zero interval means never. A failed run is logged by the
 * scheduler and the next one still comes. The jobs run on Quarkus' worker pool and stop with the application.
 *
 * <p>Each owner schedules its job from its start-up observer, once the migration at start is done, rather than with
 * {@code @Scheduled}: the scheduler starts checking its declared jobs from a start-up observer at
 * {@code PLATFORM_BEFORE}, the priority of the migration at start, so a declared job could run against a schema
 * still being migrated; and the documented "0 turns it off" is, for {@code @Scheduled(every)}, an interval of nothing
 * that fires at every tick (Quarkus 3.36's {@code SimpleScheduler}). With no job declared, the scheduler starts
 * only because {@code quarkus.scheduler.start-mode=forced}.
 */
public final class PeriodicJobs {

    private static final Logger LOG = Logger.getLogger(PeriodicJobs.class);

    private PeriodicJobs() {
    }

    /** Schedules the job, or returns false (and says so) when the interval is zero or negative. */
    public static boolean schedule(Scheduler scheduler, String name, Duration firstDelay, Duration interval,
            Runnable job) {
        if (interval.isZero() || interval.isNegative()) {
            LOG.infof("%s not scheduled (interval 0)", name);
            return false;
        }
        var definition = scheduler.newJob(name)
                .setInterval(interval.toString())
                .setConcurrentExecution(ConcurrentExecution.SKIP)
                .setTask(execution -> job.run());
        if (!firstDelay.isZero() && !firstDelay.isNegative()) {
            definition.setDelayed(firstDelay.toString());
        }
        definition.schedule();
        return true;
    }
}
