package dev.normalizer.patient.model;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** A repeating-group row whose place is a number: prev1..prev3, insurance1..2, allergy1..5 and so on. */
@MappedSuperclass
public abstract class NumberedPatientChild extends PatientChild {

    @Column(name = "slot", nullable = false)
    public Short slotNumber;

    @Override
    public String slot() {
        return slotNumber.toString();
    }

    @Override
    public void assignSlot(String slot) {
        slotNumber = Short.valueOf(slot);
    }
}
