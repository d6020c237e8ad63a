package dev.normalizer.readpath;

import dev.normalizer.common.EmbeddedDatabase;
import io.getunleash.DefaultUnleash;
import io.getunleash.Unleash;
import io.getunleash.util.UnleashConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Builds the Unleash SDK client. With {@code UNLEASH_URL} it polls that server, keeps a backup file of the last
 * known toggles and serves from it while the server is down. Without a URL it never goes to the network: the
 * SDK is bootstrapped from {@code NORMALIZED_SCHEMA_ENABLED} ({@code false}, {@code true} or {@code shadow}), or
 * from a bootstrap file in Unleash's client format. {@link FlagSource} follows which of them the flags came from.
 */
@ApplicationScoped
public class UnleashProducer {

    private static final Logger LOG = Logger.getLogger(UnleashProducer.class);

    /**
     * Set by the embedded PostgreSQL to its data directory, whose flags' backup lives beside it: a value handed on
     * by {@link EmbeddedDatabase}, not a setting, so it is no part of a configuration mapping.
     */
    @ConfigProperty(name = EmbeddedDatabase.ACTIVE_DATA_DIR_PROPERTY)
    Optional<Path> embeddedDataDir;

    private final FlagSource flagSource;
    private final UnleashClientConfig settings;
    private final String normalizedSchemaEnabled;

    public UnleashProducer(FlagSource flagSource, UnleashClientConfig settings, NormalizedSchemaConfig flag) {
        this.flagSource = flagSource;
        this.settings = settings;
        this.normalizedSchemaEnabled = flag.enabled();
    }

    /**
     * The client is built on its first use, by the first request: a bad flag value or an unreadable bootstrap file
     * must stop the start instead, not make every request fail.
     */
    void check(@Observes StartupEvent start) {
        bootstrap();
    }

    @Produces
    @ApplicationScoped
    Unleash unleash() {
        String bootstrap = bootstrap();
        UnleashConfig.Builder config = UnleashConfig.builder()
                .appName(settings.appName())
                .subscriber(flagSource)
                .instanceId(settings.appName() + "-" + ProcessHandle.current().pid())
                .toggleBootstrapProvider(() -> Optional.of(bootstrap))
                .startupExceptionHandler(e -> LOG.warnf("Unleash unreachable at start; serving bootstrap flags: %s",
                        e.getMessage()));
        Optional<String> url = settings.url();
        if (url.isPresent()) {
            long interval = settings.fetchIntervalSeconds();
            config.unleashAPI(url.get()).fetchTogglesInterval(interval);
            settings.apiToken().ifPresent(config::apiKey);
            config.backupFile(settings.backupFile().orElseGet(this::defaultBackupFile));
            LOG.infof("Read-path flag from Unleash at %s, refreshed every %d s", url.get(), interval);
        } else {
            // No server: nothing to poll, and an old backup from another run must not override the environment.
            config.unleashAPI("http://localhost/unleash-not-configured/api/")
                    .disablePolling()
                    .disableMetrics()
                    .backupFile(instanceBackupFile());
            LOG.infof("Read-path flag from %s (no Unleash URL configured)",
                    settings.bootstrapFile().map(Path::toString)
                            .orElse("NORMALIZED_SCHEMA_ENABLED=" + normalizedSchemaEnabled));
        }
        return new DefaultUnleash(config.build());
    }

    void close(@Disposes Unleash unleash) {
        unleash.shutdown();
    }

    /** The bootstrap file, else the flag for everyone that NORMALIZED_SCHEMA_ENABLED says (checked either way). */
    private String bootstrap() {
        String value = normalizedSchemaEnabled.trim().toLowerCase(Locale.ROOT);
        String variants = switch (value) {
            case "false", "true" -> "[]";
            case FlagState.SHADOW_VARIANT -> """
                    [{"name": "%s", "weight": 1000, "stickiness": "default"}]""".formatted(FlagState.SHADOW_VARIANT);
            default -> throw new ConfigurationException("NORMALIZED_SCHEMA_ENABLED must be false, true or shadow, "
                    + "not '" + normalizedSchemaEnabled + "': the read path cannot be chosen, so the service does not "
                    + "start");
        };
        Optional<Path> bootstrapFile = settings.bootstrapFile();
        if (bootstrapFile.isPresent()) {
            try {
                return Files.readString(bootstrapFile.get());
            } catch (IOException e) {
                throw new ConfigurationException("UNLEASH_BOOTSTRAP_FILE " + bootstrapFile.get() + " cannot be read: "
                        + e.getMessage(), e);
            }
        }
        return """
                {"version": 2, "features": [{"name": "%s", "type": "release", "enabled": %s,
                  "strategies": [{"name": "default", "parameters": {}, "variants": %s}]}]}
                """.formatted(ReadPathResolver.FLAG, !value.equals("false"), variants);
    }

    /**
     * Where the last known flags are kept when UNLEASH_BACKUP_FILE does not say: beside the embedded database's data
     * directory, so that its service and its commands share them across restarts; otherwise this instance's own
     * file. Never the SDK's default, one path in the temp directory shared by every instance on the host.
     */
    private String defaultBackupFile() {
        return embeddedDataDir.map(dir -> dir.resolveSibling(dir.getFileName() + "-unleash-backup.json").toString())
                .orElseGet(UnleashProducer::instanceBackupFile);
    }

    /** A backup file of this instance alone, in the temp directory, deleted with its directory when it exits. */
    private static String instanceBackupFile() {
        try {
            Path dir = Files.createTempDirectory("unleash-" + ProcessHandle.current().pid() + "-");
            Path file = dir.resolve("toggles.json");
            // deleteOnExit runs in reverse order: the file, then its directory.
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
