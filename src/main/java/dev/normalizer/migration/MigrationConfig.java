package dev.normalizer.migration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * The migration at start and the files of the command line ({@code NORMALIZER_MIGRATE_AT_START},
 * {@code NORMALIZER_REPORTS_DIR}, {@code NORMALIZER_BACKUPS_DIR}; docs/command-line.md).
 *
 * <p>Its prefix makes {@code normalizer.*} the service's own: a property under it that no mapping maps (a typo) stops
 * the start, unless it comes from the environment, where SmallRye reads only the variables a mapping names. So the
 * tests hand their own values over as {@code normalizer-test.*} system properties.
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
