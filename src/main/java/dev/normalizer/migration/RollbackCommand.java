package dev.normalizer.migration;

import dev.normalizer.schema.Migrations;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.sql.Connection;
import org.flywaydb.core.Flyway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rollback --to <version>}: runs the down scripts of every newer version in one transaction. It refuses,
 * changing nothing, when the way back would lose data, and says what. Stop every service instance first: a
 * starting instance migrates up again.
 */
@Dependent
@Unremovable
@Command(name = "rollback", description = "Undo the migrations above a version (see docs/rollback.md).")
public class RollbackCommand extends CommandSupport {

    @Option(names = "--to", required = true, description = "the version to go back to, e.g. 1 for the legacy schema")
    String target;

    @Option(names = "--yes", description = "do not ask for confirmation")
    boolean yes;

    private final Flyway flyway;

    public RollbackCommand(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    String name() {
        return "rollback";
    }

    @Override
    void run(Report report) throws Exception {
        Confirmation.require(out(), yes, "Undo every migration above version " + target + "?");
        try (Connection c = connect()) {
            Rollback.Result result = Rollback.to(c, target, Migrations.of(flyway.getConfiguration()));
            Report.Section section = report.section("rollback to version " + target)
                    .put("outcome", result.outcome())
                    .put("schema was at", result.fromVersion())
                    .put("versions undone", result.versionsUndone())
                    .require(result.outcome() == Rollback.Outcome.UNDONE
                            || result.outcome() == Rollback.Outcome.NOTHING_TO_UNDO);
            result.rowsRestored().forEach(section::put);
            section.put("messages", result.messages());
        }
    }
}
