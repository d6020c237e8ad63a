package dev.normalizer.patient.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A recorded condition (slot 1 to 5). */
@Entity
@Table(name = "patient_conditions")
public class PatientCondition extends NumberedPatientChild {

    public String name;
}
