package dev.normalizer.auth;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Verifies a bearer JWT with SmallRye JWT against the configured public key and issuer
 * ({@code mp.jwt.verify.publickey.location}, {@code mp.jwt.verify.issuer}), and reads what this service needs from
 * it: the subject, the tenant ({@code tenant_id}, a positive whole number) and the roles ({@code groups}).
 */
@ApplicationScoped
public class BearerTokens {

    public static final String TENANT_CLAIM = "tenant_id";
    private static final Logger LOG = Logger.getLogger(BearerTokens.class);

    private final JWTParser parser;
    private final VerifiedTokens verified;

    public BearerTokens(JWTParser parser, Clock clock) {
        this.parser = parser;
        this.verified = new VerifiedTokens(clock);
    }

    /** What a verified token says about its bearer. */
    public record Verified(JsonWebToken token, String subject, int tenantId, Set<String> roles) {
    }

    /** A token this service does not accept; the message is fit for a 401's detail. */
    public static class InvalidToken extends Exception {
        InvalidToken(String message) {
            super(message, null, false, false);
        }
    }

    /** The token's bearer; a token verified before is taken from {@link VerifiedTokens} while it lasts. */
    public Verified verify(String token) throws InvalidToken {
        Optional<Verified> known = verified.get(token);
        if (known.isPresent()) {
            return known.get();
        }
        Verified result = check(token);
        verified.put(token, result, result.token().getExpirationTime());
        return result;
    }

    private Verified check(String token) throws InvalidToken {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            throw new InvalidToken(describe(e));
        }
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            throw new InvalidToken("The bearer token has no subject (sub claim)");
        }
        if (jwt.getSubject().length() > Caller.MAX_SUBJECT) {
            throw new InvalidToken("The bearer token's subject (sub claim) is longer than " + Caller.MAX_SUBJECT
                    + " characters");
        }
        Integer tenant = tenantOf(jwt.getClaim(TENANT_CLAIM));
        if (tenant == null) {
            throw new InvalidToken("The bearer token has no valid " + TENANT_CLAIM
                    + " claim: it must be a positive whole number");
        }
        Set<String> groups = jwt.getGroups();
        return new Verified(jwt, jwt.getSubject(), tenant, groups == null ? Set.of() : groups);
    }

    /** A JSON number or a string of digits, above 0 and within an int. */
    private static Integer tenantOf(Object claim) {
        String text;
        if (claim instanceof jakarta.json.JsonNumber number && number.isIntegral()) {
            text = number.bigIntegerValue().toString();
        } else if (claim instanceof Number number) {
            text = number.toString();
        } else if (claim instanceof jakarta.json.JsonString string) {
            text = string.getString();
        } else if (claim instanceof String string) {
            text = string;
        } else {
            return null;
        }
        if (!text.matches("[0-9]{1,10}")) {
            return null;
        }
        long value = Long.parseLong(text);
        return value > 0 && value <= Integer.MAX_VALUE ? (int) value : null;
    }

    /** Why verification failed, in words for the caller; never a class name or the token itself. */
    private static String describe(ParseException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid) {
                if (invalid.hasExpired()) {
                    return "The bearer token has expired";
                }
                if (invalid.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
                    return "The bearer token has no expiry (exp claim)";
                }
                if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                    return "The bearer token's signature does not verify against the configured key";
                }
                if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return "The bearer token was not issued by the configured issuer";
                }
                if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID) || invalid.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
                    return "The bearer token is not valid yet";
                }
            }
        }
        LOG.debugf("Bearer token refused: %s", e.getMessage());
        return "The bearer token is not a valid signed JWT";
    }
}
