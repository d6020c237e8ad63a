package dev.normalizer.readpath;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.util.Optional;

/** Where the Unleash SDK gets the read-path flag ({@code UNLEASH_*}, docs/configuration.md#the-flag). */
@ConfigMapping(prefix = "unleash")
public interface UnleashClientConfig {

    /** {@code UNLEASH_URL}: the Unleash client API; without it the SDK never goes to the network. */
    Optional<String> url();

    /** {@code UNLEASH_API_TOKEN}: the client token for that server. */
    Optional<String> apiToken();

    /** {@code UNLEASH_APP_NAME}: the application name reported to Unleash. */
    @NotBlank
    String appName();

    /** {@code UNLEASH_FETCH_INTERVAL_SECONDS}: how often the SDK refreshes the flags from the server. */
    @Min(1)
    long fetchIntervalSeconds();

    /** {@code UNLEASH_BACKUP_FILE}: the last known flags, with a URL; unset, {@link UnleashProducer} chooses. */
    Optional<String> backupFile();

    /** {@code UNLEASH_BOOTSTRAP_FILE}: a flag file in Unleash's client format, instead of the flag for everyone. */
    Optional<Path> bootstrapFile();
}
