package dev.normalizer.customer;

import dev.normalizer.audit.AuditLog;
import dev.normalizer.audit.AuditLog.Action;
import dev.normalizer.audit.AuditLog.Chain;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.ProblemException;
import dev.normalizer.common.ReadBack;
import dev.normalizer.common.References;
import dev.normalizer.customer.model.Customer;
import dev.normalizer.customer.model.CustomerProfile;
import dev.normalizer.customer.read.CustomerReader;
import dev.normalizer.customer.read.LegacyCustomerReader;
import dev.normalizer.customer.read.NormalizedCustomerReader;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.shadow.ShadowReads;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Customer use cases. Reads go through the reader of the request's path. Writes go to the normalized tables and,
 * in the same transaction, to the legacy columns of {@code users}.
 */
@ApplicationScoped
public class CustomerService {

    private final LegacyCustomerReader legacyReader;
    private final NormalizedCustomerReader normalizedReader;
    private final LegacyCustomerColumns legacyColumns;
    private final Passwords passwords;
    private final AuditLog audit;
    private final ShadowReads shadow;

    public CustomerService(LegacyCustomerReader legacyReader, NormalizedCustomerReader normalizedReader,
            LegacyCustomerColumns legacyColumns, Passwords passwords, AuditLog audit, ShadowReads shadow) {
        this.legacyReader = legacyReader;
        this.normalizedReader = normalizedReader;
        this.legacyColumns = legacyColumns;
        this.passwords = passwords;
        this.audit = audit;
        this.shadow = shadow;
    }

    public CustomerReader reader(ReadPath path) {
        return path == ReadPath.NORMALIZED ? normalizedReader : legacyReader;
    }

    @Transactional
    public Optional<CustomerRecord> findCustomer(ReadPath path, int tenantId, long id) {
        Optional<CustomerRecord> customer = reader(path).findCustomer(tenantId, id);
        shadow.compare("customer", tenantId, customer, () -> normalizedReader.findCustomer(tenantId, id));
        return audit.recordRead(Chain.CUSTOMER, id, customer);
    }

    @Transactional
    public Page<CustomerRecord> listCustomers(ReadPath path, int tenantId, CustomerFilter filter, PageRequest page) {
        Page<CustomerRecord> customers = reader(path).listCustomers(tenantId, filter, page);
        shadow.compare("customer", tenantId, customers, () -> normalizedReader.listCustomers(tenantId, filter, page));
        return audit.recordPage(Chain.CUSTOMER, customers, CustomerRecord::id);
    }

    /** Empty when the company is not one of the tenant's. */
    @Transactional
    public Optional<Page<CustomerRecord>> listCompanyCustomers(ReadPath path, int tenantId, int companyId,
            PageRequest page) {
        if (!References.companyOfTenant(tenantId, companyId)) {
            return Optional.empty();
        }
        return Optional.of(listCustomers(path, tenantId, new CustomerFilter(null, companyId), page));
    }

    @Transactional
    public CustomerRecord registerCustomer(ReadPath path, int tenantId, RegistrationRequest request) {
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
        applyProfile(customer.profile, request);
        customer.persist();
        if (request.homeClinicId != null) {
            Panache.getEntityManager().flush();
            Panache.getEntityManager().createNativeQuery(
                    "INSERT INTO customer_clinics (customer_id, clinic_id, is_home) VALUES (?1, ?2, true)")
                    .setParameter(1, customer.id).setParameter(2, request.homeClinicId).executeUpdate();
        }
        legacyColumns.mirror(customer.id);
        audit.record(Chain.CUSTOMER, Action.CREATE, customer.id);
        return readBack(path, tenantId, customer.id);
    }

    @Transactional
    public Optional<CustomerRecord> updateProfile(ReadPath path, int tenantId, long id, ProfileRequest request) {
        Optional<Customer> customer = normalizedReader.findEntity(tenantId, id);
        customer.ifPresent(c -> {
            replaceProfile(c, request);
            audit.record(Chain.CUSTOMER, Action.UPDATE, id);
        });
        return customer.map(c -> readBack(path, tenantId, id));
    }

    /** The profile write of PUT .../profile and of a rectification request, with its legacy copy. */
    void replaceProfile(Customer customer, ProfileRequest request) {
        applyProfile(customer.profile, request);
        customer.updatedAt = now();
        legacyColumns.mirror(customer.id);
    }

    /** Orders of a customer; empty when the customer does not exist for this tenant. */
    @Transactional
    public Optional<Page<OrderRecord>> listOrders(ReadPath path, int tenantId, long customerId, PageRequest page) {
        Optional<Page<OrderRecord>> orders = listOrders(reader(path), tenantId, customerId, page);
        shadow.compare("order", tenantId, orders, () -> listOrders(normalizedReader, tenantId, customerId, page));
        return orders.map(found -> audit.recordPage(Chain.ORDER, found, OrderRecord::id));
    }

    private static Optional<Page<OrderRecord>> listOrders(CustomerReader reader, int tenantId, long customerId,
            PageRequest page) {
        return reader.findCustomer(tenantId, customerId).map(c -> reader.listOrders(tenantId, customerId, page));
    }

    /** Reservations of a customer; empty when the customer does not exist for this tenant. */
    @Transactional
    public Optional<Page<ReservationRecord>> listReservations(ReadPath path, int tenantId, long customerId,
            PageRequest page) {
        Optional<Page<ReservationRecord>> reservations = listReservations(reader(path), tenantId, customerId, page);
        shadow.compare("reservation", tenantId, reservations,
                () -> listReservations(normalizedReader, tenantId, customerId, page));
        return reservations.map(found -> audit.recordPage(Chain.RESERVATION, found, ReservationRecord::id));
    }

    private static Optional<Page<ReservationRecord>> listReservations(CustomerReader reader, int tenantId,
            long customerId, PageRequest page) {
        return reader.findCustomer(tenantId, customerId).map(c -> reader.listReservations(tenantId, customerId, page));
    }

    private static void applyProfile(CustomerProfile profile, ProfileRequest request) {
        profile.firstName = request.firstName;
        profile.lastName = request.lastName;
        profile.phone = request.phone;
        profile.age = request.age;
        profile.sex = request.sex;
        profile.medicalConditions = request.medicalConditions;
        profile.city = request.city;
        profile.dietaryRestrictions = request.dietaryRestrictions;
        profile.preferences = request.preferencesJson();
        profile.notes = request.notes;
    }

    private CustomerRecord readBack(ReadPath path, int tenantId, long id) {
        ReadBack.flushAndClear();
        return reader(path).findCustomer(tenantId, id)
                .orElseThrow(() -> new IllegalStateException("customer " + id + " vanished inside its own write"));
    }

    static LocalDateTime now() {
        return LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);
    }
}
