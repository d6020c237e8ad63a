package dev.normalizer.migration;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import picocli.CommandLine.Command;

/** {@code backup}: a logical backup of every table of the service to {@code backups/<timestamp>/}. */
@Dependent
@Unremovable
@Command(name = "backup", description = "Copy every table to backups/<timestamp>/ (restore it with 'restore').")
public class BackupCommand extends CommandSupport {

    @Override
    String name() {
        return "backup";
    }

    @Override
    void run(Report report) throws Exception {
        report.section("backup").put("directory", takeBackup(out()).toAbsolutePath());
    }

    /** Takes a backup, says so on {@code out}, and returns its directory; used by {@code migrate} too. */
    Path takeBackup(PrintWriter out) throws Exception {
        Path dir = Backups.newDirectory(config.backupsDir());
        try (Connection c = connect()) {
            Backups.Manifest manifest = Backups.backup(c, dir);
            long rows = manifest.tables().stream().mapToLong(Backups.TableCopy::rows).sum();
            out.printf("backup: %d tables, %d rows at schema version %s in %s%n", manifest.tables().size(),
                    rows, manifest.schemaVersion(), dir.toAbsolutePath());
            out.flush();
        }
        return dir;
    }
}
