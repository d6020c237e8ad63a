package dev.normalizer.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every spelling of an e-mail that PostgreSQL's lower() could match to the same customer shares one account bucket,
 * and the key is short whatever the e-mail.
 */
class LoginThrottleAccountKeyTest {

    @Test
    void spellingsOfOneEmailShareAKey() {
        String key = LoginThrottle.accountKey("kim.smith@example.org");
        for (String spelling : new String[] {"KIM.SMITH@EXAMPLE.ORG", " Kim.Smith@Example.org ",
                "\u212Aim.smith@example.org", "k\u0131m.\u017Fmith@example.org", "ｋｉｍ.smith@example.org",
                "kím.smith@example.org"}) {
            assertEquals(key, LoginThrottle.accountKey(spelling), spelling);
        }
        assertNotEquals(key, LoginThrottle.accountKey("kim.smyth@example.org"));
    }

    @Test
    void theKeyIsShortAndHoldsNoEmail() {
        String key = LoginThrottle.accountKey("a".repeat(1_000_000) + "@example.org");
        assertTrue(key.length() < 50, key);
        assertTrue(!LoginThrottle.accountKey("kim@example.org").contains("kim"));
    }
}
