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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import java.math.BigDecimal;
import java.time.LocalDateTime;

/** Demographics, social history, consents and contact preferences: one row per patient. */
@Entity
@Table(name = "patient_personal")
public class PatientPersonal extends PanacheEntityBase {

    @Id
    @Column(name = "patient_id")
    public Long patientId;
    @MapsId
    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id")
    public PatientCore patient;

    @Column(name = "gender_identity")
    public String genderIdentity;
    public String pronouns;
    @Column(name = "blood_type")
    public String bloodType;
    @Column(name = "marital_status")
    public String maritalStatus;
    public String religion;
    public String ethnicity;
    public String nationality;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "country_of_birth", length = 2)
    public String countryOfBirth;
    @Column(name = "place_of_birth")
    public String placeOfBirth;
    @Column(name = "first_language")
    public String firstLanguage;
    @Column(name = "second_language")
    public String secondLanguage;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "interpreter_required", length = 1)
    public String interpreterRequired;
    @Column(name = "interpreter_language")
    public String interpreterLanguage;
    public String occupation;
    public String employer;
    @Column(name = "education_level")
    public String educationLevel;
    @Column(name = "dietary_requirements")
    public String dietaryRequirements;
    @Column(name = "cultural_notes")
    public String culturalNotes;
    @Column(name = "accessibility_needs")
    public String accessibilityNeeds;
    @Column(name = "communication_needs")
    public String communicationNeeds;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "advance_directive", length = 1)
    public String advanceDirective;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "organ_donor", length = 1)
    public String organDonor;
    @Column(name = "height_cm", precision = 5, scale = 1)
    public BigDecimal heightCm;
    @Column(name = "weight_kg", precision = 5, scale = 1)
    public BigDecimal weightKg;
    @Column(name = "smoker_status")
    public String smokerStatus;
    @Column(name = "alcohol_units_week")
    public Short alcoholUnitsWeek;
    @Column(name = "preferred_contact_method")
    public String preferredContactMethod;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "consent_sms", length = 1)
    public String consentSms;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "consent_email", length = 1)
    public String consentEmail;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "consent_phone", length = 1)
    public String consentPhone;
    @Column(name = "contact_notes")
    public String contactNotes;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "consent_research", length = 1)
    public String consentResearch;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "consent_data_sharing", length = 1)
    public String consentDataSharing;
    @Column(name = "consent_recorded_at")
    public LocalDateTime consentRecordedAt;
}
