package dev.normalizer.customer;

import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * bcrypt hashing. New hashes are {@code $2b$}; legacy {@code $2a$} and {@code $2b$} hashes verify as they are.
 * An unknown e-mail is checked against a dummy hash of the same cost, so it takes as long as a wrong password.
 */
@ApplicationScoped
public class Passwords {

    /** bcrypt reads no more of a password; registration refuses longer ones ({@link BcryptPassword}). */
    public static final int MAX_BYTES = 72;

    private final int cost;
    private final byte[] dummyHash;

    public Passwords(CustomerConfig config) {
        this.cost = config.password().bcryptCost();
        this.dummyHash = hashBytes("not-a-password-of-anyone");
    }

    public String hash(String password) {
        return new String(hashBytes(password), StandardCharsets.UTF_8);
    }

    /**
     * Whether the password is the hash's. A password over {@link #MAX_BYTES} cannot have been set here, and a
     * legacy bcrypt would have cut it: it never matches, but costs the same verification against the same hash, so
     * that its answer comes as late as a wrong password's.
     */
    public boolean matches(String password, String hash) {
        byte[] bytes = bytes(password);
        boolean verified = verify(bytes, hash.getBytes(StandardCharsets.UTF_8));
        return verified && bytes.length <= MAX_BYTES;
    }

    /** Spends the time of one verification, for a login whose e-mail matched nobody. */
    public void spendVerificationTime(String password) {
        verify(bytes(password), dummyHash);
    }

    /** One bcrypt verification of at most the {@link #MAX_BYTES} bytes bcrypt reads. */
    private static boolean verify(byte[] password, byte[] hash) {
        byte[] read = password.length <= MAX_BYTES ? password : Arrays.copyOf(password, MAX_BYTES);
        return BCrypt.verifyer().verify(read, hash).verified;
    }

    private byte[] hashBytes(String password) {
        return BCrypt.with(BCrypt.Version.VERSION_2B).hash(cost, bytes(password));
    }

    private static byte[] bytes(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }
}
