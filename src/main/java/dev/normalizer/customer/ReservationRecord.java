package dev.normalizer.customer;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.normalizer.audit.AuditLog.Chain;
import dev.normalizer.customer.model.Reservation;
import dev.normalizer.reads.ReadKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API's reservation, its keys in the contract's order (see {@link CustomerRecord}). */
@JsonPropertyOrder({"id", "publicId", "customerId", "clinicId", "startsAt", "durationMin", "partySize", "status",
        "notes", "createdAt"})
public record ReservationRecord(Long id, String publicId, Long customerId, Integer clinicId, LocalDateTime startsAt,
        Integer durationMin, Integer partySize, String status, @Schema(nullable = true) String notes,
        LocalDateTime createdAt) {

    /** Reservations as the dual read ({@code reads/}) knows them: listed under their customer, by its id. */
    public static final ReadKind<ReservationRecord, Long> KIND = new ReadKind<>("reservation", Chain.RESERVATION,
            ReservationRecord::id);

    /** The legacy shape: the customer is {@code user_id}. */
    public static final String LEGACY_SELECT = "SELECT r.id, r.public_id, r.user_id, r.clinic_id, r.starts_at, r.duration_min, "
            + "r.party_size, r.status, r.notes, r.created_at FROM reservations r";

    public static ReservationRecord fromLegacyRow(ResultSet row) throws SQLException {
        return new ReservationRecord(row.getLong(1), row.getString(2), row.getLong(3), row.getInt(4),
                row.getObject(5, LocalDateTime.class), row.getInt(6), row.getInt(7), row.getString(8),
                row.getString(9), row.getObject(10, LocalDateTime.class));
    }

    public static ReservationRecord fromNormalized(Reservation r) {
        return new ReservationRecord(r.id, r.publicId, r.customerId, r.clinicId, r.startsAt, r.durationMin.intValue(),
                r.partySize.intValue(), r.status, r.notes, r.createdAt);
    }
}
