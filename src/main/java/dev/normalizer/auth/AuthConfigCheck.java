package dev.normalizer.auth;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Refuses to start a server with authentication on but nothing to verify tokens with: without a public key every
 * request would be a 401, and without an issuer any token signed by that key would pass. The command line, which
 * serves no HTTP, is not concerned.
 */
@ApplicationScoped
public class AuthConfigCheck {

    private static final Logger LOG = Logger.getLogger(AuthConfigCheck.class);

    void check(@Observes StartupEvent start, Config config) {
        if (!config.getOptionalValue("quarkus.http.host-enabled", Boolean.class).orElse(true)) {
            return;
        }
        if (!config.getValue("normalizer.auth.enabled", Boolean.class)) {
            LOG.warn("Authentication is OFF (NORMALIZER_AUTH_ENABLED=false): X-Tenant-Id names the tenant and every "
                    + "caller has every role. For development only.");
            return;
        }
        List<String> missing = new ArrayList<>();
        if (value(config, "mp.jwt.verify.publickey.location").isEmpty()
                && value(config, "mp.jwt.verify.publickey").isEmpty()) {
            missing.add("no public key");
        }
        if (value(config, "mp.jwt.verify.issuer").isEmpty()) {
            missing.add("no issuer");
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("Authentication is on (NORMALIZER_AUTH_ENABLED=true) but "
                    + String.join(" and ", missing) + " is configured to verify bearer tokens with. Set "
                    + "MP_JWT_VERIFY_PUBLICKEY_LOCATION (the PEM public key or JWK set that signs the tokens: a file "
                    + "path or a URL) and MP_JWT_VERIFY_ISSUER (the tokens' iss), or switch authentication off with "
                    + "NORMALIZER_AUTH_ENABLED=false (development only).");
        }
    }

    private static Optional<String> value(Config config, String name) {
        return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank());
    }
}
