package dev.normalizer.patient.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.LocalDate;

/** An insurance policy (slot 1 or 2). */
@Entity
@Table(name = "patient_insurance")
public class PatientInsurance extends NumberedPatientChild {

    public String provider;
    @Column(name = "policy_number")
    public String policyNumber;
    @Column(name = "group_number")
    public String groupNumber;
    @Column(name = "holder_name")
    public String holderName;
    @Column(name = "valid_from")
    public LocalDate validFrom;
    @Column(name = "valid_to")
    public LocalDate validTo;
}
