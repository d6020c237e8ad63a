package dev.normalizer.customer.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A login session. Only the SHA-256 of its bearer token is stored. */
@Entity
@Table(name = "customer_sessions")
public class CustomerSession extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "customer_id", nullable = false)
    public Long customerId;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "token_hash", nullable = false, length = 64)
    public String tokenHash;
    @Column(name = "created_at", nullable = false)
    public LocalDateTime createdAt;
    @Column(name = "expires_at", nullable = false)
    public LocalDateTime expiresAt;
}
