package dev.normalizer.migration;

import dev.normalizer.tenancy.OwnerConnections;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: the database, the report directory, and turning a report into an exit code. A command
 * prints through its picocli command line's writer, which is standard output unless the caller set another, so
 * that the commands can also be run inside a running application (the tests do).
 */
abstract class CommandSupport implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Inject
    OwnerConnections owner;

    @Inject
    MigrationConfig config;

    /** Fills the report; a failed section makes the command exit 1. */
    abstract void run(Report report) throws Exception;

    abstract String name();

    @Override
    public Integer call() throws Exception {
        Report report = new Report(name());
        try {
            run(report);
        } catch (CommandException e) {
            report.section("stopped").put("reason", e.getMessage()).require(false);
        }
        Path written = report.write(config.reportsDir());
        PrintWriter out = out();
        out.print(report.toText());
        out.println("\nreport: " + written.toAbsolutePath() + " (and .json)");
        out.flush();
        return report.ok() ? 0 : 1;
    }

    /** Where this command prints: only while picocli runs it (a command another command uses has no spec). */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** As the owner of the schema: a command sees every tenant's rows and may change the schema. */
    Connection connect() throws SQLException {
        return owner.open();
    }

    /** A refusal or failure the report should state, without a stack trace. */
    static final class CommandException extends Exception {
        CommandException(String message) {
            super(message);
        }
    }
}
