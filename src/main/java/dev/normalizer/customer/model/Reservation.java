package dev.normalizer.customer.model;

import dev.normalizer.common.PublicId;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** A reservation at a clinic. A database trigger sets the legacy user_id from customer_id. */
@Entity
@Table(name = "reservations")
public class Reservation extends PanacheEntityBase {

    public static final String BOOKED = "booked";
    public static final String CANCELLED = "cancelled";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** The prefixed cuid2 the API shows; set once, here for the service's rows and by the database for others. */
    @Column(name = "public_id", nullable = false, updatable = false)
    public String publicId;
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

    @PrePersist
    void assignPublicId() {
        if (publicId == null) {
            publicId = PublicId.RESERVATION.next();
        }
    }
}
