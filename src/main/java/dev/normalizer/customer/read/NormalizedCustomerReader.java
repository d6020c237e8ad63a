package dev.normalizer.customer.read;

import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.customer.CustomerFilter;
import dev.normalizer.customer.CustomerRecord;
import dev.normalizer.customer.OrderRecord;
import dev.normalizer.customer.ReservationRecord;
import dev.normalizer.customer.model.Customer;
import dev.normalizer.customer.model.CustomerOrder;
import dev.normalizer.customer.model.Reservation;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The normalized read path: {@code customers} with {@code customer_profiles} fetch-joined (one query per customer
 * or page), and orders and reservations by {@code customer_id}.
 */
@ApplicationScoped
public class NormalizedCustomerReader implements CustomerReader {

    /** A tenant's customers that ordinary reads serve ({@link RestrictedRecords}). */
    private final String served;
    private final String customers;

    public NormalizedCustomerReader(RestrictedRecords restricted) {
        this.served = "c.tenantId = :tenant and " + restricted.servedJpql("c");
        this.customers = "from Customer c join fetch c.profile where " + served;
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
    public Optional<CustomerRecord> findCustomer(int tenantId, long id) {
        return findEntity(tenantId, id).map(CustomerRecord::fromNormalized);
    }

    @Override
    public Page<CustomerRecord> listCustomers(int tenantId, CustomerFilter filter, PageRequest page) {
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
        return page(Customer.find(customers + where + " order by c.id", params), total, page,
                CustomerRecord::fromNormalized);
    }

    @Override
    public Optional<OrderRecord> findOrder(int tenantId, long id) {
        return CustomerOrder.<CustomerOrder>find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional()
                .map(OrderRecord::fromNormalized);
    }

    @Override
    public Page<OrderRecord> listOrders(int tenantId, long customerId, PageRequest page) {
        return page(CustomerOrder.find("tenantId = ?1 and customerId = ?2 order by id", tenantId, customerId),
                CustomerOrder.count("tenantId = ?1 and customerId = ?2", tenantId, customerId), page,
                OrderRecord::fromNormalized);
    }

    @Override
    public Optional<ReservationRecord> findReservation(int tenantId, long id) {
        return Reservation.<Reservation>find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional()
                .map(ReservationRecord::fromNormalized);
    }

    @Override
    public Page<ReservationRecord> listReservations(int tenantId, long customerId, PageRequest page) {
        return page(Reservation.find("tenantId = ?1 and customerId = ?2 order by id", tenantId, customerId),
                Reservation.count("tenantId = ?1 and customerId = ?2", tenantId, customerId), page,
                ReservationRecord::fromNormalized);
    }

    private static <E, T> Page<T> page(PanacheQuery<E> query, long total, PageRequest page, Function<E, T> map) {
        List<T> items = query.range(page.offset(), page.offset() + page.size() - 1).list().stream().map(map)
                .toList();
        return new Page<>(items, page.page(), page.size(), total);
    }
}
