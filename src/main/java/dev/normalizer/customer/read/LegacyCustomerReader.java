package dev.normalizer.customer.read;

import dev.normalizer.common.Jdbc;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.customer.CustomerFilter;
import dev.normalizer.customer.CustomerRecord;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.reads.ReadKind;
import dev.normalizer.reads.Reader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The legacy read path of customers: the {@code users} rows with is_customer. The GDPR restriction and erasure are
 * new, so they live only in {@code customers}, which decides here too which customers are served
 * ({@link RestrictedRecords}).
 */
@ApplicationScoped
public class LegacyCustomerReader implements Reader<CustomerRecord, CustomerFilter> {

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
    public ReadKind<CustomerRecord, CustomerFilter> kind() {
        return CustomerRecord.KIND;
    }

    @Override
    public ReadPath path() {
        return ReadPath.LEGACY;
    }

    @Override
    public Optional<CustomerRecord> find(int tenantId, long id) {
        return jdbc.select(customers + " AND u.id = ?", List.of(tenantId, id), CustomerRecord::fromLegacyRow).stream()
                .findFirst();
    }

    @Override
    public Page<CustomerRecord> list(int tenantId, CustomerFilter filter, PageRequest page) {
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
}
