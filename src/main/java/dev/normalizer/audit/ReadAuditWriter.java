package dev.normalizer.audit;

import dev.normalizer.common.ManagedExecutors;
import dev.normalizer.tenancy.OwnerConnections;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Appends the events of reads to the audit trail off the request path, many per transaction, one batch at a time.
 *
 * <p>The database chains each event to the one before it under a per-chain lock held until commit, so appending
 * in every read's own transaction made concurrent reads queue behind each other. Here reads only enqueue; the
 * first event wakes the writer, which lets more gather for {@link #LINGER}, appends what has queued up (at most
 * {@value #MAX_BATCH}) in one transaction, and goes on so until the queue is empty. Without the pause, a writer
 * faster than the reads woke for every event and paid a transaction per read again (measured: the audit then cost
 * 13 to 26 % of read throughput, docs/benchmarks.md). The queue is bounded and never drops an event: when it is
 * full, reads wait. On shutdown the queue is written out. What a crash of the service loses is the events still
 * queued, which is at most one batch's worth of time under load; writes and data-subject requests are never
 * queued, they stay in their own transaction.
 *
 * <p>The writer is a task on a {@link ManagedExecutor} over Quarkus' worker pool that runs one at a time
 * ({@link ManagedExecutors}): it holds a pooled thread only while events are queued, and gives it back when the
 * queue is empty. The events wait in this class's own queue rather than the executor's, because the writer takes
 * them by the batch.
 *
 * <p>A batch holds the events of every tenant, so the writer appends as the owner of the schema, on a connection of
 * its own that it keeps between batches, rather than as the service's role, which row-level security (V9) confines
 * to one tenant per transaction.
 */
@ApplicationScoped
public class ReadAuditWriter {

    static final int MAX_BATCH = 1000;
    /** How long the writer lets events gather after the first one of a batch. */
    static final Duration LINGER = Duration.ofMillis(50);
    private static final int CAPACITY = 100_000;
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** How long shutdown waits for the writer to write out the queue before it interrupts it. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(ReadAuditWriter.class);

    private final OwnerConnections owner;
    private final BlockingQueue<AuditEvent> queue = new LinkedBlockingQueue<>(CAPACITY);
    /**
     * Runs the writer, one at a time. Only the reader that wins {@link #writing} submits it, so that at most one
     * writer runs and one more waits (one that a writer finishing submits while it still holds its slot).
     */
    private final ManagedExecutor executor = ManagedExecutors.bounded(1, ManagedExecutors.UNBOUNDED);
    /** Whether a writer is submitted or running. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Object progress = new Object();
    private final AtomicLong enqueued = new AtomicLong();
    /** Guarded by {@link #progress}, which {@link #flush} waits on. */
    private long written;
    private volatile boolean running = true;
    /** The writer's own connection, kept between batches; one writer at a time uses it. */
    private Connection connection;

    public ReadAuditWriter(OwnerConnections owner) {
        this.owner = owner;
    }

    /** Lets the writer write out the queue without pausing, then writes what is left itself. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        executor.shutdown();
        if (!executor.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
            executor.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        dropConnection();
        List<AuditEvent> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            try (Connection c = owner.open()) {
                c.setAutoCommit(false);
                insert(c, rest);
            } catch (SQLException e) {
                LOG.errorf(e, "%d read events could not be appended to the audit trail at shutdown", rest.size());
            }
        }
    }

    /** Queues the event of a read, and wakes the writer unless it is awake; waits while the queue is full. */
    void enqueue(AuditEvent event) {
        try {
            queue.put(event);
            enqueued.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing an audit event", e);
        }
        wake();
    }

    /**
     * Waits until every event queued before this call is in the trail, or the timeout passed; returns whether it
     * is. An access request calls it so that its export lists the subject's latest reads.
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long target = enqueued.get();
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    private void wake() {
        if (writing.compareAndSet(false, true)) {
            try {
                executor.execute(this::writeQueued);
            } catch (RejectedExecutionException stopping) {
                // Shutting down: stop() writes out what is queued.
                writing.set(false);
            }
        }
    }

    /**
     * The writer: appends the queue batch by batch until it is empty. An event queued after it found the queue empty
     * wakes the next writer: either its reader wins {@link #writing}, or this writer, which looks again after
     * releasing it, does.
     */
    private void writeQueued() {
        try {
            writeUntilEmpty();
        } finally {
            writing.set(false);
            if (running && !queue.isEmpty()) {
                wake();
            }
        }
    }

    private void writeUntilEmpty() {
        List<AuditEvent> batch = new ArrayList<>(MAX_BATCH);
        while (!batch.isEmpty() || !queue.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    if (running && queue.size() < MAX_BATCH) {
                        Thread.sleep(LINGER.toMillis());
                    }
                    queue.drainTo(batch, MAX_BATCH);
                }
                append(batch);
                synchronized (progress) {
                    written += batch.size();
                    progress.notifyAll();
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                queue.addAll(batch);
                return;
            } catch (SQLException | RuntimeException e) {
                // The batch stays and is tried again: an audit event is never dropped.
                LOG.errorf(e, "appending %d read events to the audit trail failed; retrying in %s", batch.size(),
                        RETRY);
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    queue.addAll(batch);
                    return;
                }
            }
        }
    }

    /** On the writer's connection, opened on first use and again after a failure, which drops it. */
    private void append(List<AuditEvent> batch) throws SQLException {
        if (connection == null) {
            connection = owner.open();
            connection.setAutoCommit(false);
        }
        try {
            insert(connection, batch);
        } catch (SQLException | RuntimeException e) {
            dropConnection();
            throw e;
        }
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("the audit writer's connection did not close cleanly", e);
            }
            connection = null;
        }
    }

    private static void insert(Connection c, List<AuditEvent> batch) throws SQLException {
        try (Statement s = c.createStatement(); PreparedStatement insert = c.prepareStatement(AuditEvent.INSERT)) {
            s.execute("SET LOCAL synchronous_commit = off");
            for (AuditEvent e : batch) {
                List<Object> values = e.values();
                for (int i = 0; i < values.size(); i++) {
                    insert.setObject(i + 1, values.get(i));
                }
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }
}
