package dev.normalizer.customer.read;

import dev.normalizer.common.Jdbc;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.customer.ReservationRecord;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.reads.ReadKind;
import dev.normalizer.reads.Reader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The legacy read path of reservations: a reservation points at its customer's {@code users} row. */
@ApplicationScoped
public class LegacyReservationReader implements Reader<ReservationRecord, Long> {

    private final Jdbc jdbc;

    public LegacyReservationReader(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ReadKind<ReservationRecord, Long> kind() {
        return ReservationRecord.KIND;
    }

    @Override
    public ReadPath path() {
        return ReadPath.LEGACY;
    }

    @Override
    public Optional<ReservationRecord> find(int tenantId, long id) {
        return jdbc.select(ReservationRecord.LEGACY_SELECT + " WHERE r.tenant_id = ? AND r.id = ?",
                List.of(tenantId, id), ReservationRecord::fromLegacyRow).stream().findFirst();
    }

    /** The reservations of the customer {@code customerId}. */
    @Override
    public Page<ReservationRecord> list(int tenantId, Long customerId, PageRequest page) {
        return jdbc.page(ReservationRecord.LEGACY_SELECT + " WHERE r.tenant_id = ? AND r.user_id = ?", "r.id",
                List.of(tenantId, customerId), page, ReservationRecord::fromLegacyRow);
    }
}
