package dev.normalizer.migration;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code restore <dir>}: puts a backup's rows back, replacing the current rows of every table, in one
 * transaction. The database must be at the backup's schema version (use {@code rollback --to} first).
 */
@Dependent
@Unremovable
@Command(name = "restore", description = "Restore a backup directory into a database at the same schema version.")
public class RestoreCommand extends CommandSupport {

    @Parameters(index = "0", description = "the backup directory, e.g. backups/20261121T120000Z")
    Path dir;

    @Option(names = "--yes", description = "do not ask for confirmation")
    boolean yes;

    @Override
    String name() {
        return "restore";
    }

    @Override
    void run(Report report) throws Exception {
        Backups.Manifest manifest = Backups.read(dir);
        try (Connection c = connect()) {
            String current = Backups.schemaVersion(c);
            Report.Section check = report.section("schema version").put("backup", manifest.schemaVersion())
                    .put("database", current).require(current.equals(manifest.schemaVersion()));
            if (!check.ok()) {
                throw new CommandException("the database is at version " + current + " but the backup at "
                        + manifest.schemaVersion() + "; run 'rollback --to " + manifest.schemaVersion() + "' first");
            }
            Confirmation.require(out(), yes,
                    "Replace the rows of " + manifest.tables().size() + " tables with " + dir + "?");
            Map<String, Long> restored = Backups.restore(c, dir, manifest);
            Report.Section rows = report.section("restored rows (checksums match the backup)");
            restored.forEach(rows::put);
        }
    }
}
