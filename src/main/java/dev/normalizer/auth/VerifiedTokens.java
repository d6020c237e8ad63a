package dev.normalizer.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Tokens already verified, so that a client sending the same token with every request pays for the signature check
 * once (an RSA verification was 12 to 19 % of the service's CPU under load, docs/benchmarks.md). An entry is used
 * only before its token's expiry and for at most {@link #TTL} after its verification, after which the token is
 * verified again, as it is when the public key has been rotated meanwhile. At most {@link #CAPACITY} entries;
 * when full, the cache starts over.
 */
final class VerifiedTokens {

    static final Duration TTL = Duration.ofMinutes(5);
    static final int CAPACITY = 10_000;

    private record Entry(BearerTokens.Verified verified, long usableUntilEpochSecond) {
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    VerifiedTokens(Clock clock) {
        this.clock = clock;
    }

    Optional<BearerTokens.Verified> get(String token) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (clock.instant().getEpochSecond() >= entry.usableUntilEpochSecond()) {
            entries.remove(token, entry);
            return Optional.empty();
        }
        return Optional.of(entry.verified());
    }

    /** Keeps a token that has just been verified and expires at {@code expiresAtEpochSecond}. */
    void put(String token, BearerTokens.Verified verified, long expiresAtEpochSecond) {
        if (entries.size() >= CAPACITY) {
            entries.clear();
        }
        long until = Math.min(expiresAtEpochSecond, clock.instant().plus(TTL).getEpochSecond());
        entries.put(token, new Entry(verified, until));
    }
}
