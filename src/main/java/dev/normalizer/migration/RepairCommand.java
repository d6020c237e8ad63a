package dev.normalizer.migration;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import picocli.CommandLine.Command;

/**
 * {@code repair}: removes the failed entries from Flyway's history, so that the migration runs again at the next
 * start or {@code migrate}. Only a migration that runs outside a transaction (the concurrent index builds of V5)
 * can leave one behind on PostgreSQL, and those scripts are written to be run again. Without a failed entry it
 * does nothing: Flyway's repair would also realign checksums, which must not happen by accident.
 */
@Dependent
@Unremovable
@Command(name = "repair", description = "Remove failed migrations from Flyway's history so that they run again.")
public class RepairCommand extends CommandSupport {

    private final Flyway flyway;

    public RepairCommand(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    String name() {
        return "repair";
    }

    @Override
    void run(Report report) {
        List<String> failed = failed();
        Report.Section section = report.section("failed migrations").put("found", failed);
        if (failed.isEmpty()) {
            section.put("action", "none: the history has no failed entry");
            return;
        }
        var result = flyway.repair();
        List<String> stillFailed = failed();
        section.put("removed from history", result.migrationsRemoved.stream()
                .map(m -> "V" + m.version + " " + m.description).toList())
                .put("still failed", stillFailed).require(stillFailed.isEmpty());
        report.section("next").put("action", "run migrate (or start the service) to apply them again");
    }

    private List<String> failed() {
        return Arrays.stream(flyway.info().all()).filter(m -> m.getState() == MigrationState.FAILED)
                .map(m -> "V" + m.getVersion() + " " + m.getDescription()).toList();
    }
}
