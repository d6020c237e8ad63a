package dev.normalizer.customer;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.normalizer.audit.AuditLog.Chain;
import dev.normalizer.customer.model.CustomerOrder;
import dev.normalizer.reads.ReadKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API's order, its keys in the contract's order (see {@link CustomerRecord}). */
@JsonPropertyOrder({"id", "publicId", "customerId", "companyId", "clinicId", "totalCents", "currency", "status",
        "placedAt"})
public record OrderRecord(Long id, String publicId, Long customerId, @Schema(nullable = true) Integer companyId,
        @Schema(nullable = true) Integer clinicId, Long totalCents, String currency, String status, LocalDateTime placedAt) {

    /** Orders as the dual read ({@code reads/}) knows them: listed under their customer, by the customer's id. */
    public static final ReadKind<OrderRecord, Long> KIND = new ReadKind<>("order", Chain.ORDER, OrderRecord::id);

    /** The legacy shape: the customer is {@code user_id}, the company that of the user. */
    public static final String LEGACY_SELECT = "SELECT o.id, o.public_id, o.user_id, u.company_id, o.clinic_id, o.total_cents, "
            + "o.currency, o.status, o.placed_at FROM orders o JOIN users u ON u.id = o.user_id";

    public static OrderRecord fromLegacyRow(ResultSet row) throws SQLException {
        return new OrderRecord(row.getLong(1), row.getString(2), row.getLong(3), row.getObject(4, Integer.class),
                row.getObject(5, Integer.class), row.getLong(6), row.getString(7), row.getString(8),
                row.getObject(9, LocalDateTime.class));
    }

    public static OrderRecord fromNormalized(CustomerOrder order) {
        return new OrderRecord(order.id, order.publicId, order.customerId, order.companyId, order.clinicId, order.totalCents,
                order.currency, order.status, order.placedAt);
    }
}
