package dev.normalizer.patient.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;

/**
 * A row of a repeating group (a phone, an address, a relative...). {@link #slot()} names its place in the
 * legacy shape: the contact kind, the relation, or the 1-based slot of allergy1..allergy5 and the like.
 */
@MappedSuperclass
public abstract class PatientChild extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id")
    public PatientCore patient;

    public abstract String slot();

    public abstract void assignSlot(String slot);
}
