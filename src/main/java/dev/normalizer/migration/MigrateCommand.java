package dev.normalizer.migration;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code migrate}: preflight, backup, confirmation, the pending migrations, then verification. With
 * {@code --dry-run} the pending migrations run inside one transaction that is verified and rolled back
 * ({@link DryRun}).
 */
@Dependent
@Unremovable
@Command(name = "migrate", description = "Apply the pending migrations (after preflight and a backup), then verify.")
public class MigrateCommand extends CommandSupport {

    @Option(names = "--dry-run", description = "apply, verify and report inside a transaction, then roll it all back")
    boolean dryRun;

    @Option(names = "--skip-backup", description = "do not take a backup first")
    boolean skipBackup;

    @Option(names = "--yes", description = "do not ask for confirmation")
    boolean yes;

    private final Flyway flyway;
    private final PreflightCommand preflight;
    private final BackupCommand backup;
    private final VerifyCommand verify;
    private final DryRun rehearsal;

    public MigrateCommand(Flyway flyway, PreflightCommand preflight, BackupCommand backup, VerifyCommand verify,
            DryRun rehearsal) {
        this.flyway = flyway;
        this.preflight = preflight;
        this.backup = backup;
        this.verify = verify;
        this.rehearsal = rehearsal;
    }

    @Override
    String name() {
        return dryRun ? "migrate-dry-run" : "migrate";
    }

    @Override
    void run(Report report) throws Exception {
        preflight.run(report);
        if (!report.ok()) {
            throw new CommandException("preflight found blocking problems; nothing was changed");
        }
        if (dryRun) {
            try (Connection c = connect()) {
                rehearsal.rehearse(c, report);
            }
            return;
        }
        if (!skipBackup) {
            report.section("backup").put("directory", backup.takeBackup(out()).toAbsolutePath());
        }
        Confirmation.require(out(), yes, "Apply " + flyway.info().pending().length + " pending migration(s)?");
        Map<String, Long> before = counts();
        MigrateResult result;
        try {
            result = FlywayLocking.migrate(flyway);
        } catch (FlywayException e) {
            throw new CommandException("migration failed: " + e.getMessage().strip() + "\nA migration that runs in a "
                    + "transaction was rolled back. One that runs outside (status shows it as Failed) is run again "
                    + "after the cause is fixed and `repair` has removed its failed entry.");
        }
        report.section("migrated").put("applied", result.migrationsExecuted)
                .put("now at version", result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion)
                .put("rows before", before).put("rows after", counts());
        try (Connection c = connect()) {
            verify.verify(c, report);
        }
    }

    private Map<String, Long> counts() throws SQLException {
        try (Connection c = connect()) {
            return Db.rowCounts(c);
        }
    }
}
