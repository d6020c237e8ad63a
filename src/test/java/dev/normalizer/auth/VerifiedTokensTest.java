package dev.normalizer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.testsupport.MovableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A verified token is reused only while it is unexpired and recently verified; else it is verified again. */
class VerifiedTokensTest {

    private final MovableClock clock = new MovableClock();
    private final VerifiedTokens tokens = new VerifiedTokens(clock);
    private final BearerTokens.Verified alice = new BearerTokens.Verified(null, "alice", 1, Set.of(Roles.ADMIN));

    private long inSeconds(long seconds) {
        return clock.instant().getEpochSecond() + seconds;
    }

    @Test
    void aTokenIsReusedUntilItExpires() {
        tokens.put("token", alice, inSeconds(60));
        assertEquals(Optional.of(alice), tokens.get("token"));
        clock.moveBy(Duration.ofSeconds(59));
        assertEquals(Optional.of(alice), tokens.get("token"));
        clock.moveBy(Duration.ofSeconds(1));
        assertTrue(tokens.get("token").isEmpty(), "expired: verified again, and refused");
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheTimeToLive() {
        tokens.put("token", alice, inSeconds(3600));
        clock.moveBy(VerifiedTokens.TTL.minusSeconds(1));
        assertEquals(Optional.of(alice), tokens.get("token"));
        clock.moveBy(Duration.ofSeconds(1));
        assertTrue(tokens.get("token").isEmpty(), "a rotated key must not be trusted for longer than the TTL");
    }

    @Test
    void anotherTokenIsNeverTakenForACachedOne() {
        tokens.put("token", alice, inSeconds(60));
        assertTrue(tokens.get("token2").isEmpty());
        assertTrue(tokens.get("toke").isEmpty());
    }

    @Test
    void aFullCacheStartsOver() {
        for (int i = 0; i < VerifiedTokens.CAPACITY; i++) {
            tokens.put("token" + i, alice, inSeconds(60));
        }
        tokens.put("one more", alice, inSeconds(60));
        assertTrue(tokens.get("token0").isEmpty());
        assertEquals(Optional.of(alice), tokens.get("one more"));
    }
}
