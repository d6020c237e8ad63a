package dev.normalizer.patient.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One phone number, e-mail address or fax; {@code kind} is the legacy column name. */
@Entity
@Table(name = "patient_contacts")
public class PatientContact extends PatientChild {

    public String kind;
    public String value;
    public String extension;

    @Override
    public String slot() {
        return kind;
    }

    @Override
    public void assignSlot(String slot) {
        kind = slot;
    }
}
