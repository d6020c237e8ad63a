package dev.normalizer.customer.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A customer's profile, one row per customer. */
@Entity
@Table(name = "customer_profiles")
public class CustomerProfile extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public Long customerId;
    @MapsId
    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id")
    public Customer customer;

    @Column(name = "first_name")
    public String firstName;
    @Column(name = "last_name")
    public String lastName;
    public String phone;
    public Integer age;
    public String sex;
    @Column(name = "medical_conditions")
    public String medicalConditions;
    public String city;
    @Column(name = "dietary_restrictions")
    public String dietaryRestrictions;
    /** The jsonb document as text; the API parses it. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String preferences;
    public String notes;
}
