package dev.normalizer.customer.read;

import dev.normalizer.common.Jdbc;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.customer.OrderRecord;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.reads.ReadKind;
import dev.normalizer.reads.Reader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The legacy read path of orders: an order points at its customer's {@code users} row ({@code user_id}). */
@ApplicationScoped
public class LegacyOrderReader implements Reader<OrderRecord, Long> {

    private final Jdbc jdbc;

    public LegacyOrderReader(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ReadKind<OrderRecord, Long> kind() {
        return OrderRecord.KIND;
    }

    @Override
    public ReadPath path() {
        return ReadPath.LEGACY;
    }

    @Override
    public Optional<OrderRecord> find(int tenantId, long id) {
        return jdbc.select(OrderRecord.LEGACY_SELECT + " WHERE o.tenant_id = ? AND o.id = ?", List.of(tenantId, id),
                OrderRecord::fromLegacyRow).stream().findFirst();
    }

    /** The orders of the customer {@code customerId}. */
    @Override
    public Page<OrderRecord> list(int tenantId, Long customerId, PageRequest page) {
        return jdbc.page(OrderRecord.LEGACY_SELECT + " WHERE o.tenant_id = ? AND o.user_id = ?", "o.id",
                List.of(tenantId, customerId), page, OrderRecord::fromLegacyRow);
    }
}
