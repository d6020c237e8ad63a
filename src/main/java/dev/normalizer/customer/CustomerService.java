package dev.normalizer.customer;

import dev.normalizer.audit.AuditLog;
import dev.normalizer.audit.AuditLog.Action;
import dev.normalizer.audit.AuditLog.Chain;
import dev.normalizer.auth.Caller;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.ProblemException;
import dev.normalizer.common.References;
import dev.normalizer.customer.model.Customer;
import dev.normalizer.customer.model.CustomerProfile;
import dev.normalizer.customer.read.NormalizedCustomerReader;
import dev.normalizer.reads.Reads;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Customer use cases. Reads go through the dual read ({@link Reads}), which serves the request's path, shadows and
 * audits them. Writes go to the normalized tables and, in the same transaction, to the legacy columns of
 * {@code users}, and are read back through the request's path. The tenant is the caller's.
 */
@ApplicationScoped
public class CustomerService {

    private final Reads reads;
    private final NormalizedCustomerReader normalizedReader;
    private final LegacyCustomerColumns legacyColumns;
    private final Passwords passwords;
    private final AuditLog audit;
    private final Caller caller;

    public CustomerService(Reads reads, NormalizedCustomerReader normalizedReader,
            LegacyCustomerColumns legacyColumns, Passwords passwords, AuditLog audit, Caller caller) {
        this.reads = reads;
        this.normalizedReader = normalizedReader;
        this.legacyColumns = legacyColumns;
        this.passwords = passwords;
        this.audit = audit;
        this.caller = caller;
    }

    public Optional<CustomerRecord> findCustomer(long id) {
        return reads.find(CustomerRecord.KIND, id);
    }

    public Page<CustomerRecord> listCustomers(CustomerFilter filter, PageRequest page) {
        return reads.list(CustomerRecord.KIND, filter, page);
    }

    /** Empty when the company is not one of the tenant's. */
    @Transactional
    public Optional<Page<CustomerRecord>> listCompanyCustomers(int companyId, PageRequest page) {
        if (!References.companyOfTenant(caller.tenantId(), companyId)) {
            return Optional.empty();
        }
        return Optional.of(listCustomers(new CustomerFilter(null, companyId), page));
    }

    /** Orders of a customer; empty when the customer does not exist for this tenant. */
    public Optional<Page<OrderRecord>> listOrders(long customerId, PageRequest page) {
        return reads.listOf(CustomerRecord.KIND, customerId, OrderRecord.KIND, page);
    }

    /** Reservations of a customer; empty when the customer does not exist for this tenant. */
    public Optional<Page<ReservationRecord>> listReservations(long customerId, PageRequest page) {
        return reads.listOf(CustomerRecord.KIND, customerId, ReservationRecord.KIND, page);
    }

    @Transactional
    public CustomerRecord registerCustomer(RegistrationRequest request) {
        int tenantId = caller.tenantId();
        int companyId = request.companyId != null ? request.companyId : References.defaultCompany(tenantId);
        if (!References.companyOfTenant(tenantId, companyId)) {
            throw ProblemException.invalid("companyId", "is not a company of this tenant");
        }
        if (request.homeClinicId != null && !References.clinicOfTenant(tenantId, request.homeClinicId)) {
            throw ProblemException.invalid("homeClinicId", "is not a clinic of this tenant");
        }
        if (Customer.count("tenantId = ?1 and companyId = ?2 and lower(email) = lower(?3)", tenantId, companyId,
                request.email) > 0) {
            throw ProblemException.conflict("A customer with this e-mail already exists in this company");
        }
        Customer customer = new Customer();
        customer.id = ((Number) Panache.getEntityManager().createNativeQuery("SELECT nextval('users_id_seq')")
                .getSingleResult()).longValue();
        customer.tenantId = tenantId;
        customer.email = request.email;
        customer.passwordHash = passwords.hash(request.password);
        customer.role = "customer";
        customer.companyId = companyId;
        customer.createdAt = now();
        customer.profile = new CustomerProfile();
        customer.profile.customer = customer;
        request.applyTo(customer.profile);
        customer.persist();
        if (request.homeClinicId != null) {
            Panache.getEntityManager().flush();
            Panache.getEntityManager().createNativeQuery(
                    "INSERT INTO customer_clinics (customer_id, clinic_id, is_home) VALUES (?1, ?2, true)")
                    .setParameter(1, customer.id).setParameter(2, request.homeClinicId).executeUpdate();
        }
        legacyColumns.mirror(customer.id);
        audit.record(Chain.CUSTOMER, Action.CREATE, customer.id);
        return reads.readBack(CustomerRecord.KIND, customer.id);
    }

    @Transactional
    public Optional<CustomerRecord> updateProfile(long id, ProfileRequest request) {
        Optional<Customer> customer = normalizedReader.findEntity(caller.tenantId(), id);
        customer.ifPresent(c -> {
            replaceProfile(c, request);
            audit.record(Chain.CUSTOMER, Action.UPDATE, id);
        });
        return customer.map(c -> reads.readBack(CustomerRecord.KIND, id));
    }

    /** The profile write of PUT .../profile and of a rectification request, with its legacy copy. */
    void replaceProfile(Customer customer, ProfileRequest request) {
        request.applyTo(customer.profile);
        customer.updatedAt = now();
        legacyColumns.mirror(customer.id);
    }

    static LocalDateTime now() {
        return LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);
    }
}
