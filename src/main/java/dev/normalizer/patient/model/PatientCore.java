package dev.normalizer.patient.model;

import dev.normalizer.common.PublicId;
import dev.normalizer.privacy.SubjectEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** A patient's identity and administrative record: the root of the normalized patient tables. */
@Entity
@Table(name = "patient_core")
public class PatientCore extends SubjectEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "tenant_id", nullable = false)
    public Integer tenantId;
    public String mrn;
    @Column(name = "national_id")
    public String nationalId;
    public String title;
    @Column(name = "first_name", nullable = false)
    public String firstName;
    @Column(name = "middle_name")
    public String middleName;
    @Column(nullable = false)
    public String surname;
    /** {@code lower(surname)}, kept by the database (V10) for the list's surname filter; never written from here. */
    @Column(name = "surname_key", insertable = false, updatable = false)
    public String surnameKey;
    @Column(name = "preferred_name")
    public String preferredName;
    @Column(name = "maiden_name")
    public String maidenName;
    @Column(name = "date_of_birth")
    public LocalDate dateOfBirth;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 1)
    public String sex;
    @Column(nullable = false)
    public String status;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(nullable = false, length = 1)
    public String deceased;
    @Column(name = "date_of_death")
    public LocalDate dateOfDeath;
    @Column(name = "registered_since")
    public LocalDate registeredSince;
    @Column(name = "referral_source")
    public String referralSource;
    @Column(name = "photo_url")
    public String photoUrl;
    @Column(name = "legacy_system_id")
    public String legacySystemId;
    @Column(name = "import_batch")
    public Integer importBatch;
    @Column(name = "source_system")
    public String sourceSystem;
    public String notes;
    @Column(nullable = false)
    public Boolean vip;
    @Column(name = "confidentiality_level", nullable = false)
    public Short confidentialityLevel;
    @Column(name = "preferred_clinic_id")
    public Integer preferredClinicId;
    @Column(name = "preferred_clinician")
    public String preferredClinician;
    @Column(name = "last_visit_at")
    public LocalDateTime lastVisitAt;
    @Column(name = "next_appointment_at")
    public LocalDateTime nextAppointmentAt;
    @Column(name = "portal_enabled", nullable = false)
    public Boolean portalEnabled;
    @Column(name = "created_at", nullable = false)
    public LocalDateTime createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "updated_at")
    public LocalDateTime updatedAt;
    @Column(name = "updated_by")
    public String updatedBy;

    @OneToOne(mappedBy = "patient", fetch = FetchType.LAZY, cascade = CascadeType.ALL, optional = false)
    public PatientPersonal personal;
    // No orphanRemoval here: Hibernate 7 trips over it on a @MapsId one-to-one; the writer deletes the row itself.
    @OneToOne(mappedBy = "patient", fetch = FetchType.LAZY, cascade = CascadeType.ALL)
    public PatientGp gp;

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    public List<PatientContact> contacts = new ArrayList<>();
    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    public List<PatientAddress> addresses = new ArrayList<>();
    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    public List<PatientFamilyMember> family = new ArrayList<>();
    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    public List<PatientInsurance> insurance = new ArrayList<>();
    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    public List<PatientAllergy> allergies = new ArrayList<>();
    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    public List<PatientMedication> medications = new ArrayList<>();
    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    public List<PatientCondition> conditions = new ArrayList<>();

    @Override
    protected Long subjectId() {
        return id;
    }

    @Override
    protected PublicId publicIdKind() {
        return PublicId.PATIENT;
    }
}
