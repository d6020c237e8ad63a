package dev.normalizer.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** A server with authentication on refuses to start without a key and an issuer; the command line does not care. */
class AuthConfigCheckTest {

    private static Config config(String... pairs) {
        Map<String, String> values = new HashMap<>(Map.of("normalizer.auth.enabled", "true"));
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return new SmallRyeConfigBuilder().withDefaultValues(values).build();
    }

    private static void check(Config config) {
        new AuthConfigCheck().check(null, config);
    }

    @Test
    void withoutAKeyOrAnIssuerTheServerDoesNotStart() {
        ConfigurationException neither = assertThrows(ConfigurationException.class, () -> check(config()));
        assertTrue(neither.getMessage().contains("no public key and no issuer"), neither.getMessage());
        assertTrue(neither.getMessage().contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), neither.getMessage());
        ConfigurationException noIssuer = assertThrows(ConfigurationException.class,
                () -> check(config("mp.jwt.verify.publickey.location", "keys/public.pem")));
        assertTrue(noIssuer.getMessage().contains("but no issuer is configured"), noIssuer.getMessage());
        assertThrows(ConfigurationException.class, () -> check(config("mp.jwt.verify.issuer", "https://idp.example",
                "mp.jwt.verify.publickey.location", " ")));
    }

    @Test
    void aKeyAndAnIssuerOrAuthenticationOffOrNoHttpAreEnough() {
        assertDoesNotThrow(() -> check(config("mp.jwt.verify.publickey.location", "keys/public.pem",
                "mp.jwt.verify.issuer", "https://idp.example")));
        assertDoesNotThrow(() -> check(config("mp.jwt.verify.publickey", "{\"keys\": []}",
                "mp.jwt.verify.issuer", "https://idp.example")));
        assertDoesNotThrow(() -> check(config("normalizer.auth.enabled", "false")));
        assertDoesNotThrow(() -> check(config("quarkus.http.host-enabled", "false")));
    }
}
