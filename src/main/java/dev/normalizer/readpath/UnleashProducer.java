package dev.normalizer.readpath;

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

    @ConfigProperty(name = "unleash.url")
    Optional<String> url;

    @ConfigProperty(name = "unleash.api-token")
    Optional<String> apiToken;

    @ConfigProperty(name = "unleash.app-name")
    String appName;

    @ConfigProperty(name = "unleash.fetch-interval-seconds")
    long fetchIntervalSeconds;

    @ConfigProperty(name = "unleash.backup-file")
    Optional<String> backupFile;

    @ConfigProperty(name = "unleash.bootstrap-file")
    Optional<Path> bootstrapFile;

    @ConfigProperty(name = "normalized.schema.enabled")
    String normalizedSchemaEnabled;

    private final FlagSource flagSource;

    public UnleashProducer(FlagSource flagSource) {
        this.flagSource = flagSource;
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
                .appName(appName)
                .subscriber(flagSource)
                .instanceId(appName + "-" + ProcessHandle.current().pid())
                .toggleBootstrapProvider(() -> Optional.of(bootstrap))
                .startupExceptionHandler(e -> LOG.warnf("Unleash unreachable at start; serving bootstrap flags: %s",
                        e.getMessage()));
        if (url.isPresent()) {
            config.unleashAPI(url.get()).fetchTogglesInterval(fetchIntervalSeconds);
            apiToken.ifPresent(config::apiKey);
            backupFile.ifPresent(config::backupFile);
            LOG.infof("Read-path flag from Unleash at %s, refreshed every %d s", url.get(), fetchIntervalSeconds);
        } else {
            // No server: nothing to poll, and an old backup from another run must not override the environment.
            config.unleashAPI("http://localhost/unleash-not-configured/api/")
                    .disablePolling()
                    .disableMetrics()
                    .backupFile(freshBackupPath());
            LOG.infof("Read-path flag from %s (no Unleash URL configured)",
                    bootstrapFile.map(Path::toString).orElse("NORMALIZED_SCHEMA_ENABLED=" + normalizedSchemaEnabled));
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

    private static String freshBackupPath() {
        try {
            return Files.createTempDirectory("unleash-offline").resolve("toggles.json").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
