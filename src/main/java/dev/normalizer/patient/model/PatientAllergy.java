package dev.normalizer.patient.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An allergy and its severity (slot 1 to 5). */
@Entity
@Table(name = "patient_allergies")
public class PatientAllergy extends NumberedPatientChild {

    public String allergen;
    public String severity;
}
