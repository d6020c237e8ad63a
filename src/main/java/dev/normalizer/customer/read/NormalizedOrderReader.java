package dev.normalizer.customer.read;

import dev.normalizer.common.Page;
import dev.normalizer.common.PanachePages;
import dev.normalizer.common.PageRequest;
import dev.normalizer.customer.OrderRecord;
import dev.normalizer.customer.model.CustomerOrder;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.reads.ReadKind;
import dev.normalizer.reads.Reader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The normalized read path of orders: {@code orders} by {@code customer_id}. */
@ApplicationScoped
public class NormalizedOrderReader implements Reader<OrderRecord, Long> {

    @Override
    public ReadKind<OrderRecord, Long> kind() {
        return OrderRecord.KIND;
    }

    @Override
    public ReadPath path() {
        return ReadPath.NORMALIZED;
    }

    @Override
    public Optional<OrderRecord> find(int tenantId, long id) {
        return CustomerOrder.<CustomerOrder>find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional()
                .map(OrderRecord::fromNormalized);
    }

    /** The orders of the customer {@code customerId}. */
    @Override
    public Page<OrderRecord> list(int tenantId, Long customerId, PageRequest page) {
        return PanachePages.page(CustomerOrder.find("tenantId = ?1 and customerId = ?2 order by id", tenantId,
                customerId), CustomerOrder.count("tenantId = ?1 and customerId = ?2", tenantId, customerId), page,
                OrderRecord::fromNormalized);
    }
}
