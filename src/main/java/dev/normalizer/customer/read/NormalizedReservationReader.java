package dev.normalizer.customer.read;

import dev.normalizer.common.Page;
import dev.normalizer.common.PanachePages;
import dev.normalizer.common.PageRequest;
import dev.normalizer.customer.ReservationRecord;
import dev.normalizer.customer.model.Reservation;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.reads.ReadKind;
import dev.normalizer.reads.Reader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The normalized read path of reservations: {@code reservations} by {@code customer_id}. */
@ApplicationScoped
public class NormalizedReservationReader implements Reader<ReservationRecord, Long> {

    @Override
    public ReadKind<ReservationRecord, Long> kind() {
        return ReservationRecord.KIND;
    }

    @Override
    public ReadPath path() {
        return ReadPath.NORMALIZED;
    }

    @Override
    public Optional<ReservationRecord> find(int tenantId, long id) {
        return Reservation.<Reservation>find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional()
                .map(ReservationRecord::fromNormalized);
    }

    /** The reservations of the customer {@code customerId}. */
    @Override
    public Page<ReservationRecord> list(int tenantId, Long customerId, PageRequest page) {
        return PanachePages.page(Reservation.find("tenantId = ?1 and customerId = ?2 order by id", tenantId,
                customerId), Reservation.count("tenantId = ?1 and customerId = ?2", tenantId, customerId), page,
                ReservationRecord::fromNormalized);
    }
}
