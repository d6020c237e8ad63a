package dev.normalizer.customer;

import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * bcrypt hashing. New hashes are {@code $2b$}; legacy {@code $2a$} and {@code $2b$} hashes verify as they are.
 * An unknown e-mail is checked against a dummy hash of the same cost, so it takes as long as a wrong password.
 */
@ApplicationScoped
public class Passwords {

    private final int cost;
    private final byte[] dummyHash;

    public Passwords(@ConfigProperty(name = "customer.password.bcrypt-cost") int cost) {
        this.cost = cost;
        this.dummyHash = hashBytes("not-a-password-of-anyone");
    }

    public String hash(String password) {
        return new String(hashBytes(password), StandardCharsets.UTF_8);
    }

    public boolean matches(String password, String hash) {
        return BCrypt.verifyer().verify(bytes(password), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** Spends the time of one verification, for a login whose e-mail matched nobody. */
    public void spendVerificationTime(String password) {
        BCrypt.verifyer().verify(bytes(password), dummyHash);
    }

    private byte[] hashBytes(String password) {
        return BCrypt.with(BCrypt.Version.VERSION_2B).hash(cost, bytes(password));
    }

    private static byte[] bytes(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }
}
