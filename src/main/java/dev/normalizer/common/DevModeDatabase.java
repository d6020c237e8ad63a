package dev.normalizer.common;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives dev mode ({@code ./mvnw quarkus:dev}) the embedded PostgreSQL that {@code Application.main} starts for the
 * run command: dev mode never calls that method, and Dev Services, which would start a database instead, need
 * Docker. Same data directory ({@code data/postgres}, or {@code EMBEDDED_POSTGRES_DATA_DIR}), same roles and pool.
 *
 * <p>A config source, because the datasource reads its URL when the configuration is built, before any bean or
 * startup event. Dev mode builds it more than once in its JVM (for the build, for the start, after a reload): a
 * later call finds the server the first one started and shares it, and that server stops when dev mode does. In
 * any other launch mode (the packaged jar, tests, {@code package}) it adds nothing: there {@code main} or the tests
 * set the URL.
 */
public class DevModeDatabase implements ConfigSourceFactory {

    /** Above environment variables (300), as {@code main}'s system properties are; below system properties (400). */
    static final int ORDINAL = 350;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (LaunchMode.current() != LaunchMode.DEVELOPMENT
                || "false".equals(value(context, EmbeddedDatabase.ENABLED_PROPERTY))
                || value(context, EmbeddedDatabase.URL_PROPERTY) != null) {
            return List.of();
        }
        var settings = EmbeddedDatabase.connect(
                EmbeddedDatabase.dataDir(value(context, EmbeddedDatabase.DATA_DIR_PROPERTY)),
                EmbeddedDatabase.sampleWanted(value(context, EmbeddedDatabase.SAMPLE_PROPERTY)));
        return List.of(new PropertiesConfigSource(settings, "embedded PostgreSQL for dev mode", ORDINAL));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
