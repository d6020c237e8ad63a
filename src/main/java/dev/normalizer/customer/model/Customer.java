package dev.normalizer.customer.model;

import dev.normalizer.common.PublicId;
import dev.normalizer.privacy.SubjectEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import org.hibernate.annotations.Formula;

/** A customer account: authentication, tenant and company. Its id is the legacy {@code users.id}. */
@Entity
@Table(name = "customers")
public class Customer extends SubjectEntity {

    @Id
    public Long id;
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

    @Override
    protected Long subjectId() {
        return id;
    }

    @Override
    protected PublicId publicIdKind() {
        return PublicId.CUSTOMER;
    }
}
