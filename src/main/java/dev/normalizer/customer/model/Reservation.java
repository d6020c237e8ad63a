package dev.normalizer.customer.model;

import dev.normalizer.common.PublicId;
import dev.normalizer.common.PublicIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** A reservation at a clinic. A database trigger sets the legacy user_id from customer_id. */
@Entity
@Table(name = "reservations")
public class Reservation extends PublicIdEntity {

    public static final String BOOKED = "booked";
    public static final String CANCELLED = "cancelled";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "tenant_id", nullable = false)
    public Integer tenantId;
    @Column(name = "customer_id", nullable = false)
    public Long customerId;
    @Column(name = "clinic_id", nullable = false)
    public Integer clinicId;
    @Column(name = "starts_at", nullable = false)
    public LocalDateTime startsAt;
    @Column(name = "duration_min", nullable = false)
    public Short durationMin;
    @Column(name = "party_size", nullable = false)
    public Short partySize;
    @Column(nullable = false)
    public String status;
    public String notes;
    @Column(name = "created_at", nullable = false)
    public LocalDateTime createdAt;

    @Override
    protected PublicId publicIdKind() {
        return PublicId.RESERVATION;
    }
}
