package dev.normalizer.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.normalizer.common.Problem;
import dev.normalizer.common.ProblemException;
import dev.normalizer.customer.model.Customer;
import dev.normalizer.customer.model.CustomerOrder;
import dev.normalizer.customer.model.CustomerSession;
import dev.normalizer.customer.model.Reservation;
import dev.normalizer.customer.read.NormalizedCustomerReader;
import dev.normalizer.privacy.DataSubjects;
import dev.normalizer.privacy.Subject;
import dev.normalizer.privacy.SubjectEntity;
import dev.normalizer.privacy.SubjectType;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Customers as data subjects. Their data lives in customers, customer_profiles, customer_sessions and the notes of
 * their reservations, and, until the contract step, in the legacy columns of {@code users}, which every change here
 * mirrors in the same transaction. Orders stay (bookkeeping), pointing at the tombstone.
 */
@ApplicationScoped
public class CustomerDataSubjects implements DataSubjects {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NormalizedCustomerReader reader;
    private final CustomerService service;
    private final Passwords passwords;
    private final ObjectMapper json;
    private final Validator validator;
    private final Clock clock;

    public CustomerDataSubjects(NormalizedCustomerReader reader, CustomerService service, Passwords passwords,
            ObjectMapper json, Validator validator, Clock clock) {
        this.reader = reader;
        this.service = service;
        this.passwords = passwords;
        this.json = json;
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public SubjectType type() {
        return SubjectType.CUSTOMER;
    }

    @Override
    public Optional<Subject> findSubject(int tenantId, long id) {
        return reader.findAnyEntity(tenantId, id).map(SubjectEntity::subject);
    }

    @Override
    public Map<String, Object> exportData(int tenantId, long id) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customer", CustomerRecord.fromNormalized(customer(tenantId, id)));
        data.put("orders", CustomerOrder.<CustomerOrder>list("tenantId = ?1 and customerId = ?2 order by id",
                tenantId, id).stream().map(OrderRecord::fromNormalized).toList());
        data.put("reservations", Reservation.<Reservation>list("tenantId = ?1 and customerId = ?2 order by id",
                tenantId, id).stream().map(ReservationRecord::fromNormalized).toList());
        data.put("sessions", CustomerSession.<CustomerSession>list("customerId = ?1 order by id", id).stream()
                .map(s -> new SessionEntry(s.createdAt, s.expiresAt)).toList());
        return data;
    }

    /** A login session, without its token hash (a credential, not data about the person). */
    public record SessionEntry(LocalDateTime createdAt, LocalDateTime expiresAt) {
    }

    /** The patch is merged into the current profile, and the result goes through the profile write. */
    @Override
    public List<String> rectify(int tenantId, long id, JsonNode changes) {
        if (changes == null || !changes.isObject()) {
            throw ProblemException.badRequest("A merge patch must be a JSON object");
        }
        Customer customer = customer(tenantId, id);
        ObjectNode before = json.valueToTree(ProfileRequest.of(customer.profile));
        ObjectNode merged = before.deepCopy();
        List<Problem.Violation> unknown = new ArrayList<>();
        changes.fields().forEachRemaining(field -> {
            if (!before.has(field.getKey())) {
                unknown.add(new Problem.Violation(field.getKey(), "is not a customer profile field"));
            }
            merged.set(field.getKey(), field.getValue());
        });
        if (!unknown.isEmpty()) {
            throw ProblemException.invalid(unknown);
        }
        ProfileRequest request = json.convertValue(merged, ProfileRequest.class);
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        service.replaceProfile(customer, request);
        return before.properties().stream().map(Map.Entry::getKey)
                .filter(key -> !Objects.equals(before.get(key), merged.get(key))).toList();
    }

    @Override
    public void erase(int tenantId, long id) {
        Customer customer = customer(tenantId, id);
        customer.email = "erased-" + customer.publicId + "@erased.invalid";
        customer.passwordHash = passwords.hash(unguessableSecret());
        customer.lastLoginAt = null;
        customer.gdprRestricted = true;
        customer.erasedAt = OffsetDateTime.now(clock);
        var em = Panache.getEntityManager();
        em.createNativeQuery("DELETE FROM customer_sessions WHERE customer_id = ?1").setParameter(1, id)
                .executeUpdate();
        em.createNativeQuery("UPDATE customer_clinics SET is_home = false WHERE customer_id = ?1 AND is_home")
                .setParameter(1, id).executeUpdate();
        em.createNativeQuery("UPDATE reservations SET notes = NULL WHERE customer_id = ?1").setParameter(1, id)
                .executeUpdate();
        // Last, so that the legacy copy it makes in users sees the account, the profile and the home clinic erased.
        service.replaceProfile(customer, new ProfileRequest());
    }

    @Override
    public void restrict(int tenantId, long id, boolean restricted) {
        customer(tenantId, id).gdprRestricted = restricted;
        Panache.getEntityManager().flush();
    }

    private Customer customer(int tenantId, long id) {
        return reader.findAnyEntity(tenantId, id)
                .orElseThrow(() -> new IllegalStateException("customer " + id + " vanished inside its request"));
    }

    /** A password nobody knows, so the account keeps a well-formed hash and no login can succeed. */
    private static String unguessableSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }
}
