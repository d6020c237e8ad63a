package dev.normalizer.migration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import dev.normalizer.tenancy.OwnerConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.jboss.logging.Logger;

/**
 * Where the schema stands, read from Flyway's history once per scrape (the three gauges share a reading of the last
 * second): {@code normalizer_migrations_applied}, {@code normalizer_migrations_pending} and
 * {@code normalizer_migration_version} (the current version, e.g. 10).
 * V2's online backfill: {@code normalizer_patient_backfill_progress} (0 to 1) and
 * {@code normalizer_patient_backfill_rows} (patients copied), from {@code patient_backfill}; absent (NaN) before V2
 * and after the contract step. NaN while the database cannot be read.
 */
@ApplicationScoped
public class MigrationMetrics {

    private static final Logger LOG = Logger.getLogger(MigrationMetrics.class);

    private static final long READING_NANOS = 1_000_000_000L;

    private final Flyway flyway;
    private final OwnerConnections owner;
    private MigrationInfoService reading;
    private long readAt;
    private Optional<PatientBackfill> backfill = Optional.empty();
    private long backfillReadAt;

    public MigrationMetrics(Flyway flyway, OwnerConnections owner) {
        this.flyway = flyway;
        this.owner = owner;
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        gauge(registry, "normalizer.migrations.applied", "Migrations applied to the database",
                info -> info.applied().length);
        gauge(registry, "normalizer.migrations.pending", "Migrations this service knows and has not applied",
                info -> info.pending().length);
        gauge(registry, "normalizer.migration.version", "The database's current migration version", info -> {
            MigrationInfo current = info.current();
            return current == null ? 0 : Double.parseDouble(current.getVersion().getVersion());
        });
        backfillGauge(registry, "normalizer.patient.backfill.progress",
                "Share of the legacy patients that V2's online backfill has copied (0 to 1)", PatientBackfill::progress);
        backfillGauge(registry, "normalizer.patient.backfill.rows", "Patients that V2's online backfill has copied",
                PatientBackfill::rowsCopied);
    }

    private void backfillGauge(MeterRegistry registry, String name, String description,
            ToDoubleFunction<PatientBackfill> value) {
        Gauge.builder(name, this, metrics -> {
            try {
                return backfill().map(value::applyAsDouble).orElse(Double.NaN);
            } catch (SQLException e) {
                LOG.debugf("%s could not be read: %s", name, e.getMessage());
                return Double.NaN;
            }
        }).description(description).register(registry);
    }

    /** patient_backfill as read within the last second. */
    private synchronized Optional<PatientBackfill> backfill() throws SQLException {
        long now = System.nanoTime();
        if (now - backfillReadAt > READING_NANOS) {
            try (Connection c = owner.open()) {
                backfill = PatientBackfill.read(c);
            }
            backfillReadAt = now;
        }
        return backfill;
    }

    private void gauge(MeterRegistry registry, String name, String description,
            ToDoubleFunction<MigrationInfoService> value) {
        Gauge.builder(name, this, metrics -> {
            try {
                return value.applyAsDouble(info());
            } catch (FlywayException | NumberFormatException e) {
                LOG.debugf("%s could not be read: %s", name, e.getMessage());
                return Double.NaN;
            }
        }).description(description).register(registry);
    }

    /** Flyway's history as read within the last second, so that one scrape reads it once. */
    private synchronized MigrationInfoService info() {
        long now = System.nanoTime();
        if (reading == null || now - readAt > READING_NANOS) {
            reading = flyway.info();
            readAt = now;
        }
        return reading;
    }
}
