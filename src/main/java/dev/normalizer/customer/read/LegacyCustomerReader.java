package dev.normalizer.customer.read;

import dev.normalizer.common.Jdbc;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.customer.CustomerFilter;
import dev.normalizer.customer.CustomerRecord;
import dev.normalizer.customer.OrderRecord;
import dev.normalizer.customer.ReservationRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The legacy read path: customers are the {@code users} rows with is_customer, orders point at users. The GDPR
 * restriction and erasure are new, so they live only in {@code customers}, which decides here too which customers
 * are served ({@link RestrictedRecords}).
 */
@ApplicationScoped
public class LegacyCustomerReader implements CustomerReader {

    private final Jdbc jdbc;
    private final String customers;

    public LegacyCustomerReader(Jdbc jdbc, RestrictedRecords restricted) {
        this.jdbc = jdbc;
        this.customers = "SELECT " + CustomerRecord.LEGACY_COLUMNS
                + " FROM users u WHERE u.is_customer AND u.tenant_id = ?"
                + " AND NOT EXISTS (SELECT 1 FROM customers r WHERE r.id = u.id AND NOT ("
                + restricted.servedSql("r") + "))";
    }

    @Override
    public Optional<CustomerRecord> findCustomer(int tenantId, long id) {
        return first(jdbc.select(customers + " AND u.id = ?", List.of(tenantId, id), CustomerRecord::fromLegacyRow));
    }

    @Override
    public Page<CustomerRecord> listCustomers(int tenantId, CustomerFilter filter, PageRequest page) {
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (filter.email() != null) {
            where.append(" AND lower(u.email) = lower(?)");
            params.add(filter.email());
        }
        if (filter.companyId() != null) {
            where.append(" AND u.company_id = ?");
            params.add(filter.companyId());
        }
        return jdbc.page(customers + where, "u.id", params, page, CustomerRecord::fromLegacyRow);
    }

    @Override
    public Optional<OrderRecord> findOrder(int tenantId, long id) {
        return first(jdbc.select(OrderRecord.LEGACY_SELECT + " WHERE o.tenant_id = ? AND o.id = ?",
                List.of(tenantId, id), OrderRecord::fromLegacyRow));
    }

    @Override
    public Page<OrderRecord> listOrders(int tenantId, long customerId, PageRequest page) {
        return jdbc.page(OrderRecord.LEGACY_SELECT + " WHERE o.tenant_id = ? AND o.user_id = ?", "o.id",
                List.of(tenantId, customerId), page, OrderRecord::fromLegacyRow);
    }

    @Override
    public Optional<ReservationRecord> findReservation(int tenantId, long id) {
        return first(jdbc.select(ReservationRecord.LEGACY_SELECT + " WHERE r.tenant_id = ? AND r.id = ?",
                List.of(tenantId, id), ReservationRecord::fromLegacyRow));
    }

    @Override
    public Page<ReservationRecord> listReservations(int tenantId, long customerId, PageRequest page) {
        return jdbc.page(ReservationRecord.LEGACY_SELECT + " WHERE r.tenant_id = ? AND r.user_id = ?", "r.id",
                List.of(tenantId, customerId), page, ReservationRecord::fromLegacyRow);
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.stream().findFirst();
    }
}
