package dev.normalizer.migration;

import dev.normalizer.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The legacy application, as a test sees it: threads that run its own SQL (reads, updates and inserts of patients,
 * customer updates in users, order and reservation inserts by user_id) on connections of their own, as the table
 * owner, and remember every value they wrote, every error and the slowest statement. Each thread writes only its own
 * share of the rows (id modulo the number of threads), so the last value written to a row is known.
 */
final class LegacyWorkload implements AutoCloseable {

    private final String db;
    private final int threadCount;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final long pauseNanos;
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong statements = new AtomicLong();
    final AtomicLong slowestNanos = new AtomicLong();
    volatile String slowestStatement = "";
    /** Patient id → the city the workload last wrote (updated or inserted). */
    final Map<Long, String> patientCities = new ConcurrentHashMap<>();
    /** Customer (users) id → the city the workload last wrote. */
    final Map<Long, String> customerCities = new ConcurrentHashMap<>();
    /** Order ids the workload inserted. */
    final List<Long> orders = Collections.synchronizedList(new ArrayList<>());
    /** Every statement as (start, duration), in nanoseconds of System.nanoTime: for percentiles over a window. */
    private final List<long[]> timings = Collections.synchronizedList(new ArrayList<>());

    private record Customer(long id, int tenant, int clinic) {
    }

    /** As fast as each connection can go. */
    LegacyWorkload(String db, int threadCount) throws SQLException {
        this(db, threadCount, 0);
    }

    /**
     * Paced at {@code statementsPerSecond} per connection (0: as fast as it can go), as a real application's load is:
     * an unpaced workload measures how much CPU is left for the migration, not what the application sees.
     */
    LegacyWorkload(String db, int threadCount, int statementsPerSecond) throws SQLException {
        this.db = db;
        this.threadCount = threadCount;
        this.pauseNanos = statementsPerSecond == 0 ? 0 : 1_000_000_000L / statementsPerSecond;
        long maxPatient;
        List<Customer> customers = new ArrayList<>();
        try (Connection c = TestDatabase.connect(db)) {
            maxPatient = MigrationDb.scalar(c, "SELECT max(id) FROM patients");
            try (PreparedStatement s = c.prepareStatement("SELECT u.id, u.tenant_id, min(k.id) FROM users u "
                    + "JOIN clinics k ON k.tenant_id = u.tenant_id WHERE u.is_customer GROUP BY u.id ORDER BY u.id");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    customers.add(new Customer(rs.getLong(1), rs.getInt(2), rs.getInt(3)));
                }
            }
        }
        for (int t = 0; t < threadCount; t++) {
            int share = t;
            Thread thread = new Thread(() -> run(share, maxPatient, customers), "legacy-app-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void run(int share, long maxPatient, List<Customer> customers) {
        java.util.Random random = new java.util.Random(share);
        try (Connection c = TestDatabase.connect(db)) {
            long next = System.nanoTime();
            for (long i = 0; running.get(); i++) {
                if (pauseNanos > 0) {
                    next += pauseNanos;
                    java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                }
                String value = "legacy " + share + "-" + i + " ünï 'q'";
                long patient = ownShare(random.nextLong(1, maxPatient + 1), share);
                Customer customer = customers.get((int) ownShare(random.nextInt(customers.size()), share)
                        % customers.size());
                switch ((int) (i % 6)) {
                    case 0 -> timed(c, "SELECT * FROM patients WHERE id = ?", patient);
                    case 1 -> {
                        timed(c, "UPDATE patients SET city = ?, allergy2 = ?, medication3 = NULL WHERE id = ?", value,
                                "pollen", patient);
                        patientCities.put(patient, value);
                    }
                    case 2 -> {
                        long id = timed(c, "INSERT INTO patients (tenant_id, first_name, surname, city, allergy4) "
                                + "VALUES (?, 'Lena', 'Legacy', ?, 'dust') RETURNING id", customer.tenant(), value);
                        if (id > 0) {
                            patientCities.put(id, value);
                        }
                    }
                    case 3 -> {
                        timed(c, "UPDATE users SET city = ? WHERE id = ? AND is_customer", value, customer.id());
                        customerCities.put(customer.id(), value);
                    }
                    case 4 -> orders.add(timed(c, "INSERT INTO orders (tenant_id, user_id, clinic_id, total_cents, "
                            + "status) VALUES (?, ?, ?, 1250, 'placed') RETURNING id", customer.tenant(),
                            customer.id(), customer.clinic()));
                    default -> timed(c, "INSERT INTO reservations (tenant_id, user_id, clinic_id, starts_at) VALUES "
                            + "(?, ?, ?, now() + interval '1 day') RETURNING id", customer.tenant(), customer.id(),
                            customer.clinic());
                }
            }
        } catch (SQLException e) {
            errors.add("connection: " + e.getMessage());
        }
    }

    /** The nearest number at or below n that is this thread's (n modulo the threads equals the share), at least 1. */
    private long ownShare(long n, int share) {
        long own = n - Math.floorMod(n - share, threadCount);
        return own >= 1 ? own : own + threadCount;
    }

    /** Runs one statement; returns the first column of its first row, if any, else 0. */
    private long timed(Connection c, String sql, Object... parameters) {
        long start = System.nanoTime();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            long result = 0;
            if (s.execute()) {
                try (ResultSet rs = s.getResultSet()) {
                    result = rs.next() && sql.contains("RETURNING") ? rs.getLong(1) : 0;
                }
            }
            return result;
        } catch (SQLException e) {
            errors.add(sql + ": " + e.getSQLState() + " " + e.getMessage());
            return 0;
        } finally {
            long took = System.nanoTime() - start;
            statements.incrementAndGet();
            timings.add(new long[] {start, took});
            if (took > slowestNanos.getAndAccumulate(took, Math::max)) {
                slowestStatement = sql;
            }
        }
    }

    /** The durations, in nanoseconds and ascending, of the statements that started between {@code from} and {@code to}. */
    long[] durationsBetween(long from, long to) {
        synchronized (timings) {
            return timings.stream().filter(t -> t[0] >= from && t[0] < to).mapToLong(t -> t[1]).sorted().toArray();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}
