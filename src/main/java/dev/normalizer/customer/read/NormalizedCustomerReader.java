package dev.normalizer.customer.read;

import dev.normalizer.common.Page;
import dev.normalizer.common.PanachePages;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.customer.CustomerFilter;
import dev.normalizer.customer.CustomerRecord;
import dev.normalizer.customer.model.Customer;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.reads.ReadKind;
import dev.normalizer.reads.Reader;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The normalized read path of customers: {@code customers} with {@code customer_profiles} fetch-joined, one query
 * per customer or page. Writes and data-subject requests load the managed entities here too ({@link #findEntity},
 * {@link #findAnyEntity}).
 */
@ApplicationScoped
public class NormalizedCustomerReader implements Reader<CustomerRecord, CustomerFilter> {

    /** A tenant's customers that ordinary reads serve ({@link RestrictedRecords}). */
    private final String served;
    private final String customers;

    public NormalizedCustomerReader(RestrictedRecords restricted) {
        this.served = "c.tenantId = :tenant and " + restricted.servedJpql("c");
        this.customers = "from Customer c join fetch c.profile where " + served;
    }

    @Override
    public ReadKind<CustomerRecord, CustomerFilter> kind() {
        return CustomerRecord.KIND;
    }

    @Override
    public ReadPath path() {
        return ReadPath.NORMALIZED;
    }

    /** The managed entity of a customer of this tenant that reads serve, for reading or for a write. */
    public Optional<Customer> findEntity(int tenantId, long id) {
        return Customer.<Customer>find(customers + " and c.id = :id", Parameters.with("tenant", tenantId).and("id", id))
                .firstResultOptional();
    }

    /** The managed entity of a customer of this tenant, restricted or erased or not: for data-subject requests. */
    public Optional<Customer> findAnyEntity(int tenantId, long id) {
        return Customer.<Customer>find("from Customer c join fetch c.profile where c.tenantId = :tenant and c.id = :id",
                Parameters.with("tenant", tenantId).and("id", id)).firstResultOptional();
    }

    @Override
    public Optional<CustomerRecord> find(int tenantId, long id) {
        return findEntity(tenantId, id).map(CustomerRecord::fromNormalized);
    }

    @Override
    public Page<CustomerRecord> list(int tenantId, CustomerFilter filter, PageRequest page) {
        StringBuilder where = new StringBuilder();
        Parameters params = Parameters.with("tenant", tenantId);
        if (filter.email() != null) {
            where.append(" and lower(c.email) = lower(:email)");
            params.and("email", filter.email());
        }
        if (filter.companyId() != null) {
            where.append(" and c.companyId = :companyId");
            params.and("companyId", filter.companyId());
        }
        long total = Customer.count("from Customer c where " + served + where, params);
        return PanachePages.page(Customer.find(customers + where + " order by c.id", params), total, page,
                CustomerRecord::fromNormalized);
    }
}
