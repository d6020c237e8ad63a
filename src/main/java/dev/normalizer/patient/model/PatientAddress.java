package dev.normalizer.patient.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import java.time.LocalDate;

/** An address: slot 0 is the current one, slots 1 to 3 the previous ones, each with its validity. */
@Entity
@Table(name = "patient_address")
public class PatientAddress extends NumberedPatientChild {

    public String line1;
    public String line2;
    public String line3;
    public String city;
    public String county;
    public String postcode;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 2)
    public String country;
    @Column(name = "address_type")
    public String addressType;
    @Column(name = "valid_from")
    public LocalDate validFrom;
    @Column(name = "valid_to")
    public LocalDate validTo;
}
