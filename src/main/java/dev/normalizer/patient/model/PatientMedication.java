package dev.normalizer.patient.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A current medication (slot 1 to 5). */
@Entity
@Table(name = "patient_medications")
public class PatientMedication extends NumberedPatientChild {

    public String name;
}
