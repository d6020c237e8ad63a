package dev.normalizer.migration;

import dev.normalizer.tenancy.OwnerConnections;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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

    private final Reading<MigrationInfoService> history;
    private final Reading<Optional<PatientBackfill>> backfill;

    public MigrationMetrics(Flyway flyway, OwnerConnections owner) {
        this.history = new Reading<>(flyway::info);
        this.backfill = new Reading<>(() -> {
            try (Connection c = owner.open()) {
                return PatientBackfill.read(c);
            }
        });
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        gauge(registry, "normalizer.migrations.applied", "Migrations applied to the database", history,
                info -> info.applied().length);
        gauge(registry, "normalizer.migrations.pending", "Migrations this service knows and has not applied", history,
                info -> info.pending().length);
        gauge(registry, "normalizer.migration.version", "The database's current migration version", history, info -> {
            MigrationInfo current = info.current();
            return current == null ? 0 : Double.parseDouble(current.getVersion().getVersion());
        });
        gauge(registry, "normalizer.patient.backfill.progress",
                "Share of the legacy patients that V2's online backfill has copied (0 to 1)", backfill,
                b -> b.map(PatientBackfill::progress).orElse(Double.NaN));
        gauge(registry, "normalizer.patient.backfill.rows", "Patients that V2's online backfill has copied", backfill,
                b -> b.map(PatientBackfill::rowsCopied).map(Long::doubleValue).orElse(Double.NaN));
    }

    private <T> void gauge(MeterRegistry registry, String name, String description, Reading<T> reading,
            ToDoubleFunction<T> value) {
        Gauge.builder(name, this, metrics -> {
            try {
                return value.applyAsDouble(reading.get());
            } catch (SQLException | FlywayException | NumberFormatException e) {
                LOG.debugf("%s could not be read: %s", name, e.getMessage());
                return Double.NaN;
            }
        }).description(description).register(registry);
    }

    /** Reads what a group of gauges shows. */
    @FunctionalInterface
    private interface Source<T> {
        T read() throws SQLException;
    }

    /** A value read at most once a second, so that one scrape reads it once for all the gauges that show it. */
    private static final class Reading<T> {

        private final Source<T> source;
        private T value;
        private long readAt;
        private boolean read;

        Reading(Source<T> source) {
            this.source = source;
        }

        synchronized T get() throws SQLException {
            long now = System.nanoTime();
            if (!read || now - readAt > READING_NANOS) {
                value = source.read();
                readAt = now;
                read = true;
            }
            return value;
        }
    }
}
