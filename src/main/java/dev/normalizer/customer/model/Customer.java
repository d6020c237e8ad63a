package dev.normalizer.customer.model;

import dev.normalizer.common.PublicId;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import org.hibernate.annotations.Formula;

/** A customer account: authentication, tenant and company. Its id is the legacy {@code users.id}. */
@Entity
@Table(name = "customers")
public class Customer extends PanacheEntityBase {

    @Id
    public Long id;
    /** The prefixed cuid2 the API shows; set once, here for the service's rows and by the database for others. */
    @Column(name = "public_id", nullable = false, updatable = false)
    public String publicId;
    @Column(name = "tenant_id", nullable = false)
    public Integer tenantId;
    @Column(nullable = false)
    public String email;
    @Column(name = "password_hash", nullable = false)
    public String passwordHash;
    @Column(nullable = false)
    public String role;
    @Column(name = "company_id", nullable = false)
    public Integer companyId;
    @Column(name = "last_login_at")
    public LocalDateTime lastLoginAt;
    @Column(name = "created_at", nullable = false)
    public LocalDateTime createdAt;
    @Column(name = "updated_at")
    public LocalDateTime updatedAt;
    @Column(name = "legacy_duplicate_of", insertable = false, updatable = false)
    public Long legacyDuplicateOf;

    /** The home clinic is the one customer_clinics marks as home; read here so a customer costs one query. */
    @Formula("(SELECT cc.clinic_id FROM customer_clinics cc WHERE cc.customer_id = id AND cc.is_home)")
    public Integer homeClinicId;

    @OneToOne(mappedBy = "customer", fetch = FetchType.LAZY, cascade = CascadeType.ALL, optional = false)
    public CustomerProfile profile;

    @PrePersist
    void assignPublicId() {
        if (publicId == null) {
            publicId = PublicId.CUSTOMER.next();
        }
    }
}
