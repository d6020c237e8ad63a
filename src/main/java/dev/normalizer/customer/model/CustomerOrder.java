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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An order. Database triggers set its company from the customer's, and the legacy user_id from customer_id. */
@Entity
@Table(name = "orders")
public class CustomerOrder extends PublicIdEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "tenant_id", nullable = false)
    public Integer tenantId;
    @Column(name = "customer_id", nullable = false)
    public Long customerId;
    @Column(name = "company_id", insertable = false, updatable = false)
    public Integer companyId;
    @Column(name = "clinic_id")
    public Integer clinicId;
    @Column(name = "total_cents", nullable = false)
    public Long totalCents;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(nullable = false, length = 3)
    public String currency;
    @Column(nullable = false)
    public String status;
    @Column(name = "placed_at", nullable = false)
    public LocalDateTime placedAt;

    @Override
    protected PublicId publicIdKind() {
        return PublicId.ORDER;
    }
}
