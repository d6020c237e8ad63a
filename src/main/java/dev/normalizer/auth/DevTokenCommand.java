package dev.normalizer.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar quarkus-run.jar token ...}: prints a bearer JWT (RS256) for trying the API with authentication on,
 * signed with a private key the developer made with openssl (see docs/authentication.md). It runs before Quarkus
 * starts: it needs no database, and the jar ships no key.
 */
@Command(name = DevTokenCommand.NAME, mixinStandardHelpOptions = true,
        description = "Print a development bearer JWT signed with your own RSA private key (PKCS#8 PEM).")
public class DevTokenCommand implements Callable<Integer> {

    public static final String NAME = "token";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    @Option(names = "--key", required = true, description = "the RSA private key, PKCS#8 PEM (openssl genpkey)")
    Path key;

    @Option(names = "--issuer", required = true, description = "the iss claim; must equal MP_JWT_VERIFY_ISSUER")
    String issuer;

    @Option(names = "--tenant", required = true, description = "the tenant_id claim, a positive whole number")
    int tenant;

    @Option(names = "--subject", required = true, description = "the sub claim: the user")
    String subject;

    @Option(names = "--roles", split = ",", description = "the groups claim, e.g. clinician or admin,dpo (default: none)")
    List<String> roles = List.of();

    @Option(names = "--ttl", defaultValue = "PT1H", description = "how long the token lasts, ISO-8601 (default PT1H)")
    Duration ttl;

    /** Runs the command on its own, outside Quarkus; returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new DevTokenCommand())
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    commandLine.getErr().println("token: " + (e instanceof NoSuchFileException
                            ? "no such file: " + e.getMessage() : e.getMessage()));
                    return 1;
                })
                .execute(args);
    }

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        if (tenant <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--tenant must be a positive whole number");
        }
        for (String role : roles) {
            if (!Roles.ALL.contains(role)) {
                System.err.println("warning: " + role + " is not a role this service knows " + Roles.ALL);
            }
        }
        System.out.println(mint(readKey(key)));
        return 0;
    }

    String mint(PrivateKey privateKey) throws GeneralSecurityException, IOException {
        ObjectMapper json = new ObjectMapper();
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put(BearerTokens.TENANT_CLAIM, tenant);
        claims.put("groups", roles);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        String signed = encode(json.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT"))) + "."
                + encode(json.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(privateKey);
        rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + encode(rsa.sign());
    }

    static PrivateKey readKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GeneralSecurityException(pem + " is not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----), "
                    + "such as openssl genpkey makes");
        }
        String base64 = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String encode(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }
}
