package dev.normalizer.patient.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

/** The patient's general practitioner, when one is known. */
@Entity
@Table(name = "patient_gp")
public class PatientGp extends PanacheEntityBase {

    @Id
    @Column(name = "patient_id")
    public Long patientId;
    @MapsId
    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id")
    public PatientCore patient;

    public String name;
    @Column(name = "practice_name")
    public String practiceName;
    @Column(name = "practice_code")
    public String practiceCode;
    public String phone;
    public String email;
    public String address;
}
