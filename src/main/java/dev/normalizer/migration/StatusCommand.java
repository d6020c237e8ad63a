package dev.normalizer.migration;

import dev.normalizer.schema.ContractMigrations;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import picocli.CommandLine.Command;

/** Where the database stands: every migration and its state, and whether the contract step is allowed. */
@Dependent
@Unremovable
@Command(name = "status", description = "Show the applied and pending migrations.")
public class StatusCommand extends CommandSupport {

    private final Flyway flyway;
    private final ContractMigrations contract;

    public StatusCommand(Flyway flyway, ContractMigrations contract) {
        this.flyway = flyway;
        this.contract = contract;
    }

    @Override
    String name() {
        return "status";
    }

    @Override
    void run(Report report) throws java.sql.SQLException {
        var info = flyway.info();
        Report.Section summary = report.section("database")
                .put("current version", info.current() == null ? "none (empty or not yet baselined)"
                        : info.current().getVersion().getVersion())
                .put("pending", info.pending().length)
                .put("contract migrations", contract.enabled() ? "enabled" : "held back (NORMALIZER_CONTRACT_MIGRATIONS_ENABLED=false)");
        Report.Section migrations = report.section("migrations");
        boolean failed = false;
        for (MigrationInfo migration : info.all()) {
            String version = migration.getVersion() == null ? "repeatable" : migration.getVersion().getVersion();
            migrations.put("V" + version, migration.getDescription() + " — " + migration.getState().getDisplayName()
                    + (migration.getInstalledOn() == null ? "" : " on " + migration.getInstalledOn().toInstant()));
            failed |= migration.getState() == MigrationState.FAILED;
        }
        summary.put("failed migrations", failed ? "yes" : "none").require(!failed);
        try (java.sql.Connection c = connect()) {
            PatientBackfill.read(c).ifPresent(backfill -> summary.put("patient backfill (V2)", backfill.describe()));
        }
    }
}
