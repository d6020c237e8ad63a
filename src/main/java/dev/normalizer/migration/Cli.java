package dev.normalizer.migration;

import picocli.CommandLine.Command;

/** The DBA's command line, run from the service's own jar: {@code java -jar quarkus-run.jar <command>}. */
@Command(name = "schema-normalizer", mixinStandardHelpOptions = true,
        description = "Migration operations on the service's database. Each command prints a report, writes it to "
                + "reports/<timestamp>-<command>.{txt,json}, and exits 0 on success, 1 on a failed check.",
        subcommands = {StatusCommand.class, PreflightCommand.class, MigrateCommand.class, VerifyCommand.class,
                BackupCommand.class, RestoreCommand.class, RollbackCommand.class, RepairCommand.class})
public class Cli {
}
