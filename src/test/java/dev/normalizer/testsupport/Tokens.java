package dev.normalizer.testsupport;

import dev.normalizer.auth.BearerTokens;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Bearer JWTs for the tests, signed with the test key pair in src/test/resources/auth (never used outside tests). */
public final class Tokens {

    /** The issuer the test profile accepts ({@code %test.mp.jwt.verify.issuer}). */
    public static final String ISSUER = "https://tests.schema-normalizer.invalid";
    private static final PrivateKey KEY = load("auth/test-private-key.pem");

    private Tokens() {
    }

    /** A valid token for one hour: this subject, in this tenant, with these roles. */
    public static String of(String subject, int tenant, String... roles) {
        return claims(subject, roles).claim(BearerTokens.TENANT_CLAIM, tenant).sign(KEY);
    }

    /** Claims of a valid token but for the tenant, so a test can leave it out or make it wrong. */
    public static JwtClaimsBuilder claims(String subject, String... roles) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).subject(subject).groups(Set.of(roles)).issuedAt(now)
                .expiresAt(now.plus(Duration.ofHours(1)));
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.sign(KEY);
    }

    /** Signed by a key the service does not know. */
    public static String signedByAnotherKey(JwtClaimsBuilder claims) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims.sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey load(String resource) {
        try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(resource)) {
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
