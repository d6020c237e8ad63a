package dev.normalizer.migration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * The migration at start and the files of the command line ({@code NORMALIZER_MIGRATE_AT_START},
 * {@code NORMALIZER_REPORTS_DIR}, {@code NORMALIZER_BACKUPS_DIR}; docs/command-line.md).
 */
@ConfigMapping(prefix = "normalizer")
public interface MigrationConfig {

    /** Whether the service migrates at start ({@link StartupMigration}); every command turns it off. */
    boolean migrateAtStart();

    /** Where each command writes its report. */
    @WithDefault("reports")
    Path reportsDir();

    /** Where {@code backup} (and {@code migrate}, before it migrates) writes its backups. */
    @WithDefault("backups")
    Path backupsDir();
}
