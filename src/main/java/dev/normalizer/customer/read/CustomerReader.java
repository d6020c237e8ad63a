package dev.normalizer.customer.read;

import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.customer.CustomerFilter;
import dev.normalizer.customer.CustomerRecord;
import dev.normalizer.customer.OrderRecord;
import dev.normalizer.customer.ReservationRecord;
import java.util.Optional;

/**
 * Reads customers and what hangs off them (orders, reservations) through one read path. Readers never look at
 * flags: the services choose one.
 */
public interface CustomerReader {

    Optional<CustomerRecord> findCustomer(int tenantId, long id);

    Page<CustomerRecord> listCustomers(int tenantId, CustomerFilter filter, PageRequest page);

    Optional<OrderRecord> findOrder(int tenantId, long id);

    Page<OrderRecord> listOrders(int tenantId, long customerId, PageRequest page);

    Optional<ReservationRecord> findReservation(int tenantId, long id);

    Page<ReservationRecord> listReservations(int tenantId, long customerId, PageRequest page);
}
