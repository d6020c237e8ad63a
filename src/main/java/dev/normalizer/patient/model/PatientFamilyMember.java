package dev.normalizer.patient.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A relative or contact person; {@code relation} is the legacy column prefix (mother, emergency1...). */
@Entity
@Table(name = "patient_family")
public class PatientFamilyMember extends PatientChild {

    public String relation;
    public String name;
    public String relationship;
    public String phone;
    @Column(name = "phone_alt")
    public String phoneAlt;
    public String email;
    public String address;
    public String notes;

    @Override
    public String slot() {
        return relation;
    }

    @Override
    public void assignSlot(String slot) {
        relation = slot;
    }
}
