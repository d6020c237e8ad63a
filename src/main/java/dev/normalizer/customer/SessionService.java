package dev.normalizer.customer;

import dev.normalizer.customer.model.Customer;
import dev.normalizer.customer.model.CustomerSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Customer login and sessions. A session lasts {@code customer.session.ttl}; its token is stored only hashed. */
@ApplicationScoped
public class SessionService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Passwords passwords;
    private final LegacyCustomerColumns legacyColumns;
    private final Duration ttl;

    public SessionService(Passwords passwords, LegacyCustomerColumns legacyColumns, CustomerConfig config) {
        this.passwords = passwords;
        this.legacyColumns = legacyColumns;
        this.ttl = config.session().ttl();
    }

    /**
     * Opens a session for the customer of this tenant with this e-mail (ignoring case) and password. Legacy
     * duplicates share an e-mail, so each is tried. Empty, after the same bcrypt work, when nothing matches.
     */
    @Transactional
    public Optional<LoginResponse> login(int tenantId, LoginRequest request) {
        List<Customer> candidates = Customer.list("tenantId = ?1 and lower(email) = lower(?2) order by id", tenantId,
                request.email());
        if (candidates.isEmpty()) {
            passwords.spendVerificationTime(request.password());
            return Optional.empty();
        }
        for (Customer customer : candidates) {
            if (passwords.matches(request.password(), customer.passwordHash)) {
                return Optional.of(open(customer));
            }
        }
        return Optional.empty();
    }

    /** The live session of a bearer token of one of the tenant's customers; empty when unknown or expired. */
    @Transactional
    public Optional<CustomerSession> findActiveSession(int tenantId, String token) {
        return CustomerSession.<CustomerSession>find("tokenHash = ?1 and expiresAt > ?2 and customerId in "
                + "(select c.id from Customer c where c.tenantId = ?3)", sha256(token), CustomerService.now(), tenantId)
                .firstResultOptional();
    }

    private LoginResponse open(Customer customer) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        CustomerSession session = new CustomerSession();
        session.customerId = customer.id;
        session.tokenHash = sha256(token);
        session.createdAt = CustomerService.now();
        session.expiresAt = session.createdAt.plus(ttl);
        session.persist();
        customer.lastLoginAt = session.createdAt;
        legacyColumns.mirror(customer.id);
        return new LoginResponse(token, session.expiresAt, customer.id);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
