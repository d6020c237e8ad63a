package dev.normalizer.customer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.normalizer.common.ClientAddress;
import dev.normalizer.common.Problem;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * Throttles password guessing and e-mail probing with Bucket4j token buckets: one per account (the tenant and the
 * normalized e-mail, whether a customer has it or not) and one per client address. A login takes a token from both
 * before anything is looked up, a registration from the address's; a success gives its tokens back and forgets the
 * account's failures, so only failures use the budget up: wrong passwords, unknown e-mails, and registrations
 * refused because the e-mail is taken. An empty bucket is a 429, the same for every e-mail, with no password
 * checked. A bucket refills continuously over its period; one untouched that long is full, so it is dropped, and
 * at most {@code login.throttle.max-tracked} are kept of each kind, so memory stays bounded. The buckets are this
 * replica's own.
 */
@ApplicationScoped
public class LoginThrottle {

    public static final String THROTTLED = "normalizer.login.throttled";
    /** The 429's body: the same whichever bucket ran out and whatever the e-mail. */
    public static final Problem REFUSAL = Problem.of(429, "Too Many Requests",
            "Too many failed attempts from this address or for this account; try again after Retry-After seconds");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Limit accountLimit;
    private final Limit addressLimit;
    private final Cache<String, Bucket> accounts;
    private final Cache<String, Bucket> addresses;
    private final ClientAddress client;
    private final MeterRegistry registry;

    /** At most {@code failures} in a row, then one more every {@code period / failures}. */
    private record Limit(int failures, Duration period) {
        Limit(LoginThrottleConfig.Limit config) {
            this(config.failures(), config.period());
        }

        Bucket newBucket() {
            return Bucket.builder().addLimit(Bandwidth.builder().capacity(failures)
                    .refillGreedy(failures, period).build()).build();
        }

        Cache<String, Bucket> cache(long maxTracked) {
            return Caffeine.newBuilder().maximumSize(maxTracked).expireAfterAccess(period).build();
        }
    }

    public LoginThrottle(ClientAddress client, MeterRegistry registry, LoginThrottleConfig config) {
        this.client = client;
        this.registry = registry;
        this.accountLimit = new Limit(config.account());
        this.addressLimit = new Limit(config.address());
        this.accounts = accountLimit.cache(config.maxTracked());
        this.addresses = addressLimit.cache(config.maxTracked());
    }

    /**
     * One attempt's tokens. Refused: how long to wait. Admitted: the tokens stay taken, as a failure, unless
     * {@link #succeeded()} is called.
     */
    public final class Attempt {
        private final Bucket address;
        private final String account;
        private final long retryAfterSeconds;

        private Attempt(Bucket address, String account, long retryAfterSeconds) {
            this.address = address;
            this.account = account;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public boolean refused() {
            return retryAfterSeconds > 0;
        }

        /** Whole seconds until the refusing bucket has a token again, at least 1: the {@code Retry-After}. */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        /** The attempt succeeded: its address token goes back, and the account starts afresh. */
        public void succeeded() {
            address.addTokens(1);
            if (account != null) {
                accounts.invalidate(account);
            }
        }
    }

    public Attempt login(int tenantId, String email) {
        return attempt("login", tenantId + ":" + accountKey(email));
    }

    public Attempt registration() {
        return attempt("registration", null);
    }

    private Attempt attempt(String kind, String account) {
        Bucket address = addresses.get(client.key(), key -> addressLimit.newBucket());
        ConsumptionProbe probe = address.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            return refused(kind, "address", probe);
        }
        if (account != null) {
            probe = accounts.get(account, key -> accountLimit.newBucket()).tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                address.addTokens(1);
                return refused(kind, "account", probe);
            }
        }
        return new Attempt(address, account, 0);
    }

    private Attempt refused(String kind, String by, ConsumptionProbe probe) {
        registry.counter(THROTTLED, "attempt", kind, "by", by).increment();
        long seconds = (probe.getNanosToWaitForRefill() + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
        return new Attempt(null, null, Math.max(1, seconds));
    }

    /**
     * The e-mail as one account, whatever its case or form: login matches e-mails with PostgreSQL's lower(), so
     * every spelling that could match the same customer must share a bucket. Compatibility forms and accents are
     * folded, and case both ways (dotless i, long s, the Kelvin sign); merging a few more e-mails only makes the
     * throttle stricter. Hashed, so that a long e-mail costs no memory and none is kept in the clear.
     */
    static String accountKey(String email) {
        String folded = Normalizer.normalize(email.strip(), Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        try {
            return Base64.getEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(folded.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
