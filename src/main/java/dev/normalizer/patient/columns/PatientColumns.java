package dev.normalizer.patient.columns;

import static dev.normalizer.patient.columns.ColumnType.BIGINT;
import static dev.normalizer.patient.columns.ColumnType.BOOLEAN;
import static dev.normalizer.patient.columns.ColumnType.DATE_TYPE;
import static dev.normalizer.patient.columns.ColumnType.INTEGER;
import static dev.normalizer.patient.columns.ColumnType.NUMERIC_5_1;
import static dev.normalizer.patient.columns.ColumnType.SMALLINT;
import static dev.normalizer.patient.columns.ColumnType.TEXT;
import static dev.normalizer.patient.columns.ColumnType.TIMESTAMP;
import static dev.normalizer.patient.columns.ColumnType.character;
import static dev.normalizer.patient.columns.ColumnType.varchar;

import dev.normalizer.patient.columns.Access.Group;
import dev.normalizer.patient.columns.PatientColumn.Write;
import dev.normalizer.patient.model.PatientAddress;
import dev.normalizer.patient.model.PatientAllergy;
import dev.normalizer.patient.model.PatientCondition;
import dev.normalizer.patient.model.PatientContact;
import dev.normalizer.patient.model.PatientFamilyMember;
import dev.normalizer.patient.model.PatientInsurance;
import dev.normalizer.patient.model.PatientMedication;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The 185 legacy patient columns, in the legacy table's order, described once. The API keys, the legacy
 * reader's SELECT list, input validation and the normalized mapping are all derived from this list.
 */
public final class PatientColumns {

    public static final Group<PatientContact> CONTACTS = new Group<>(PatientContact.class,
            p -> p.contacts, PatientContact::new);
    public static final Group<PatientAddress> ADDRESSES = new Group<>(PatientAddress.class,
            p -> p.addresses, PatientAddress::new);
    public static final Group<PatientFamilyMember> FAMILY = new Group<>(PatientFamilyMember.class,
            p -> p.family, PatientFamilyMember::new);
    public static final Group<PatientInsurance> INSURANCE = new Group<>(PatientInsurance.class,
            p -> p.insurance, PatientInsurance::new);
    public static final Group<PatientAllergy> ALLERGIES = new Group<>(PatientAllergy.class,
            p -> p.allergies, PatientAllergy::new);
    public static final Group<PatientMedication> MEDICATIONS = new Group<>(PatientMedication.class,
            p -> p.medications, PatientMedication::new);
    public static final Group<PatientCondition> CONDITIONS = new Group<>(PatientCondition.class,
            p -> p.conditions, PatientCondition::new);
    public static final List<Group<?>> GROUPS = List.of(CONTACTS, ADDRESSES, FAMILY, INSURANCE, ALLERGIES,
            MEDICATIONS, CONDITIONS);

    /** The relatives of the legacy table, in column order; each is a prefix of seven columns. */
    private static final List<String> RELATIONS = List.of("next_of_kin", "emergency1", "emergency2", "mother",
            "father", "spouse");

    public static final List<PatientColumn<?>> ALL;
    private static final Map<String, PatientColumn<?>> BY_KEY;

    static {
        List<PatientColumn<?>> c = new ArrayList<>(185);
        add(c, "id", BIGINT, Access.core(p -> p.id, (p, v) -> p.id = v), Write.SERVER, null);
        add(c, "tenant_id", INTEGER, Access.core(p -> p.tenantId, (p, v) -> p.tenantId = v), Write.SERVER, null);
        core(c, "mrn", varchar(20), p -> p.mrn, (p, v) -> p.mrn = v);
        core(c, "national_id", varchar(20), p -> p.nationalId, (p, v) -> p.nationalId = v);
        core(c, "title", varchar(10), p -> p.title, (p, v) -> p.title = v);
        add(c, "first_name", varchar(100), Access.core(p -> p.firstName, (p, v) -> p.firstName = v),
                Write.REQUIRED, null);
        core(c, "middle_name", varchar(100), p -> p.middleName, (p, v) -> p.middleName = v);
        add(c, "surname", varchar(100), Access.core(p -> p.surname, (p, v) -> p.surname = v), Write.REQUIRED, null);
        core(c, "preferred_name", varchar(100), p -> p.preferredName, (p, v) -> p.preferredName = v);
        core(c, "maiden_name", varchar(100), p -> p.maidenName, (p, v) -> p.maidenName = v);
        core(c, "date_of_birth", DATE_TYPE, p -> p.dateOfBirth, (p, v) -> p.dateOfBirth = v);
        core(c, "sex", character(1), p -> p.sex, (p, v) -> p.sex = v);
        personal(c, "gender_identity", varchar(40), p -> p.genderIdentity, (p, v) -> p.genderIdentity = v);
        personal(c, "pronouns", varchar(20), p -> p.pronouns, (p, v) -> p.pronouns = v);
        personal(c, "blood_type", varchar(3), p -> p.bloodType, (p, v) -> p.bloodType = v);
        add(c, "status", varchar(12), Access.core(p -> p.status, (p, v) -> p.status = v), Write.DEFAULTED,
                "active");
        add(c, "deceased", character(1), Access.core(p -> p.deceased, (p, v) -> p.deceased = v), Write.DEFAULTED,
                "N");
        core(c, "date_of_death", DATE_TYPE, p -> p.dateOfDeath, (p, v) -> p.dateOfDeath = v);
        add(c, "created_at", TIMESTAMP, Access.core(p -> p.createdAt, (p, v) -> p.createdAt = v), Write.SERVER,
                null);
        // Set by the server, and null until the first update.
        c.add(new PatientColumn<>("updated_at", "updatedAt", TIMESTAMP,
                Access.core(p -> p.updatedAt, (p, v) -> p.updatedAt = v), Write.SERVER, null, true));
        for (String kind : List.of("phone_home", "phone_mobile", "phone_work")) {
            child(c, kind, varchar(30), CONTACTS, kind, r -> r.value, (r, v) -> r.value = v);
        }
        child(c, "phone_work_ext", varchar(10), CONTACTS, "phone_work", r -> r.extension, (r, v) -> r.extension = v);
        child(c, "email", varchar(255), CONTACTS, "email", r -> r.value, (r, v) -> r.value = v);
        child(c, "email_secondary", varchar(255), CONTACTS, "email_secondary", r -> r.value, (r, v) -> r.value = v);
        child(c, "fax", varchar(30), CONTACTS, "fax", r -> r.value, (r, v) -> r.value = v);
        personal(c, "preferred_contact_method", varchar(10), p -> p.preferredContactMethod,
                (p, v) -> p.preferredContactMethod = v);
        personal(c, "consent_sms", character(1), p -> p.consentSms, (p, v) -> p.consentSms = v);
        personal(c, "consent_email", character(1), p -> p.consentEmail, (p, v) -> p.consentEmail = v);
        personal(c, "consent_phone", character(1), p -> p.consentPhone, (p, v) -> p.consentPhone = v);
        personal(c, "contact_notes", TEXT, p -> p.contactNotes, (p, v) -> p.contactNotes = v);
        addresses(c);
        for (String relation : RELATIONS) {
            String r = relation + "_";
            child(c, r + "name", varchar(200), FAMILY, relation, m -> m.name, (m, v) -> m.name = v);
            child(c, r + "relationship", varchar(40), FAMILY, relation, m -> m.relationship,
                    (m, v) -> m.relationship = v);
            child(c, r + "phone", varchar(30), FAMILY, relation, m -> m.phone, (m, v) -> m.phone = v);
            child(c, r + "phone_alt", varchar(30), FAMILY, relation, m -> m.phoneAlt, (m, v) -> m.phoneAlt = v);
            child(c, r + "email", varchar(255), FAMILY, relation, m -> m.email, (m, v) -> m.email = v);
            child(c, r + "address", TEXT, FAMILY, relation, m -> m.address, (m, v) -> m.address = v);
            child(c, r + "notes", TEXT, FAMILY, relation, m -> m.notes, (m, v) -> m.notes = v);
        }
        personal(c, "marital_status", varchar(20), p -> p.maritalStatus, (p, v) -> p.maritalStatus = v);
        personal(c, "religion", varchar(60), p -> p.religion, (p, v) -> p.religion = v);
        personal(c, "ethnicity", varchar(60), p -> p.ethnicity, (p, v) -> p.ethnicity = v);
        personal(c, "nationality", varchar(60), p -> p.nationality, (p, v) -> p.nationality = v);
        personal(c, "country_of_birth", character(2), p -> p.countryOfBirth, (p, v) -> p.countryOfBirth = v);
        personal(c, "place_of_birth", varchar(100), p -> p.placeOfBirth, (p, v) -> p.placeOfBirth = v);
        personal(c, "first_language", varchar(40), p -> p.firstLanguage, (p, v) -> p.firstLanguage = v);
        personal(c, "second_language", varchar(40), p -> p.secondLanguage, (p, v) -> p.secondLanguage = v);
        personal(c, "interpreter_required", character(1), p -> p.interpreterRequired,
                (p, v) -> p.interpreterRequired = v);
        personal(c, "interpreter_language", varchar(40), p -> p.interpreterLanguage,
                (p, v) -> p.interpreterLanguage = v);
        personal(c, "occupation", varchar(100), p -> p.occupation, (p, v) -> p.occupation = v);
        personal(c, "employer", varchar(100), p -> p.employer, (p, v) -> p.employer = v);
        personal(c, "education_level", varchar(40), p -> p.educationLevel, (p, v) -> p.educationLevel = v);
        personal(c, "dietary_requirements", TEXT, p -> p.dietaryRequirements, (p, v) -> p.dietaryRequirements = v);
        personal(c, "cultural_notes", TEXT, p -> p.culturalNotes, (p, v) -> p.culturalNotes = v);
        personal(c, "accessibility_needs", TEXT, p -> p.accessibilityNeeds, (p, v) -> p.accessibilityNeeds = v);
        personal(c, "communication_needs", TEXT, p -> p.communicationNeeds, (p, v) -> p.communicationNeeds = v);
        personal(c, "advance_directive", character(1), p -> p.advanceDirective, (p, v) -> p.advanceDirective = v);
        personal(c, "organ_donor", character(1), p -> p.organDonor, (p, v) -> p.organDonor = v);
        add(c, "gp_name", varchar(200), Access.gp(g -> g.name, (g, v) -> g.name = v), Write.OPTIONAL, null);
        add(c, "gp_practice_name", varchar(200), Access.gp(g -> g.practiceName, (g, v) -> g.practiceName = v),
                Write.OPTIONAL, null);
        add(c, "gp_practice_code", varchar(10), Access.gp(g -> g.practiceCode, (g, v) -> g.practiceCode = v),
                Write.OPTIONAL, null);
        add(c, "gp_phone", varchar(30), Access.gp(g -> g.phone, (g, v) -> g.phone = v), Write.OPTIONAL, null);
        add(c, "gp_email", varchar(255), Access.gp(g -> g.email, (g, v) -> g.email = v), Write.OPTIONAL, null);
        add(c, "gp_address", TEXT, Access.gp(g -> g.address, (g, v) -> g.address = v), Write.OPTIONAL, null);
        core(c, "registered_since", DATE_TYPE, p -> p.registeredSince, (p, v) -> p.registeredSince = v);
        core(c, "referral_source", varchar(60), p -> p.referralSource, (p, v) -> p.referralSource = v);
        for (int n = 1; n <= 2; n++) {
            String s = Integer.toString(n);
            String i = "insurance" + n + "_";
            child(c, i + "provider", varchar(100), INSURANCE, s, r -> r.provider, (r, v) -> r.provider = v);
            child(c, i + "policy_number", varchar(40), INSURANCE, s, r -> r.policyNumber, (r, v) -> r.policyNumber = v);
            child(c, i + "group_number", varchar(40), INSURANCE, s, r -> r.groupNumber, (r, v) -> r.groupNumber = v);
            child(c, i + "holder_name", varchar(200), INSURANCE, s, r -> r.holderName, (r, v) -> r.holderName = v);
            child(c, i + "valid_from", DATE_TYPE, INSURANCE, s, r -> r.validFrom, (r, v) -> r.validFrom = v);
            child(c, i + "valid_to", DATE_TYPE, INSURANCE, s, r -> r.validTo, (r, v) -> r.validTo = v);
        }
        for (int n = 1; n <= 5; n++) {
            String s = Integer.toString(n);
            child(c, "allergy" + n, varchar(100), ALLERGIES, s, r -> r.allergen, (r, v) -> r.allergen = v);
            child(c, "allergy" + n + "_severity", varchar(10), ALLERGIES, s, r -> r.severity, (r, v) -> r.severity = v);
        }
        for (int n = 1; n <= 5; n++) {
            child(c, "medication" + n, varchar(200), MEDICATIONS, Integer.toString(n), r -> r.name,
                    (r, v) -> r.name = v);
        }
        for (int n = 1; n <= 5; n++) {
            child(c, "condition" + n, varchar(200), CONDITIONS, Integer.toString(n), r -> r.name,
                    (r, v) -> r.name = v);
        }
        personal(c, "height_cm", NUMERIC_5_1, p -> p.heightCm, (p, v) -> p.heightCm = v);
        personal(c, "weight_kg", NUMERIC_5_1, p -> p.weightKg, (p, v) -> p.weightKg = v);
        personal(c, "smoker_status", varchar(12), p -> p.smokerStatus, (p, v) -> p.smokerStatus = v);
        personal(c, "alcohol_units_week", SMALLINT, p -> p.alcoholUnitsWeek, (p, v) -> p.alcoholUnitsWeek = v);
        core(c, "photo_url", varchar(500), p -> p.photoUrl, (p, v) -> p.photoUrl = v);
        personal(c, "consent_research", character(1), p -> p.consentResearch, (p, v) -> p.consentResearch = v);
        personal(c, "consent_data_sharing", character(1), p -> p.consentDataSharing,
                (p, v) -> p.consentDataSharing = v);
        personal(c, "consent_recorded_at", TIMESTAMP, p -> p.consentRecordedAt, (p, v) -> p.consentRecordedAt = v);
        add(c, "gdpr_restricted", BOOLEAN, Access.core(p -> p.gdprRestricted, (p, v) -> p.gdprRestricted = v),
                Write.SERVER, null);
        core(c, "legacy_system_id", varchar(40), p -> p.legacySystemId, (p, v) -> p.legacySystemId = v);
        core(c, "import_batch", INTEGER, p -> p.importBatch, (p, v) -> p.importBatch = v);
        core(c, "source_system", varchar(20), p -> p.sourceSystem, (p, v) -> p.sourceSystem = v);
        core(c, "notes", TEXT, p -> p.notes, (p, v) -> p.notes = v);
        add(c, "vip", BOOLEAN, Access.core(p -> p.vip, (p, v) -> p.vip = v), Write.DEFAULTED, false);
        add(c, "confidentiality_level", SMALLINT,
                Access.core(p -> p.confidentialityLevel, (p, v) -> p.confidentialityLevel = v), Write.DEFAULTED,
                (short) 0);
        core(c, "preferred_clinic_id", INTEGER, p -> p.preferredClinicId, (p, v) -> p.preferredClinicId = v);
        core(c, "preferred_clinician", varchar(200), p -> p.preferredClinician, (p, v) -> p.preferredClinician = v);
        core(c, "last_visit_at", TIMESTAMP, p -> p.lastVisitAt, (p, v) -> p.lastVisitAt = v);
        core(c, "next_appointment_at", TIMESTAMP, p -> p.nextAppointmentAt, (p, v) -> p.nextAppointmentAt = v);
        add(c, "portal_enabled", BOOLEAN, Access.core(p -> p.portalEnabled, (p, v) -> p.portalEnabled = v),
                Write.DEFAULTED, false);
        core(c, "created_by", varchar(100), p -> p.createdBy, (p, v) -> p.createdBy = v);
        core(c, "updated_by", varchar(100), p -> p.updatedBy, (p, v) -> p.updatedBy = v);

        ALL = Collections.unmodifiableList(c);
        Map<String, PatientColumn<?>> byKey = new LinkedHashMap<>();
        for (PatientColumn<?> column : ALL) {
            byKey.put(column.key(), column);
        }
        BY_KEY = Collections.unmodifiableMap(byKey);
    }

    private PatientColumns() {
    }

    public static PatientColumn<?> byKey(String key) {
        return BY_KEY.get(key);
    }

    /** The current address (slot 0) has nine columns; each previous one (slots 1-3) has seven. */
    private static void addresses(List<PatientColumn<?>> c) {
        child(c, "address_line1", varchar(200), ADDRESSES, "0", a -> a.line1, (a, v) -> a.line1 = v);
        child(c, "address_line2", varchar(200), ADDRESSES, "0", a -> a.line2, (a, v) -> a.line2 = v);
        child(c, "address_line3", varchar(200), ADDRESSES, "0", a -> a.line3, (a, v) -> a.line3 = v);
        child(c, "city", varchar(100), ADDRESSES, "0", a -> a.city, (a, v) -> a.city = v);
        child(c, "county", varchar(100), ADDRESSES, "0", a -> a.county, (a, v) -> a.county = v);
        child(c, "postcode", varchar(12), ADDRESSES, "0", a -> a.postcode, (a, v) -> a.postcode = v);
        child(c, "country", character(2), ADDRESSES, "0", a -> a.country, (a, v) -> a.country = v);
        child(c, "address_since", DATE_TYPE, ADDRESSES, "0", a -> a.validFrom, (a, v) -> a.validFrom = v);
        child(c, "address_type", varchar(12), ADDRESSES, "0", a -> a.addressType, (a, v) -> a.addressType = v);
        for (int n = 1; n <= 3; n++) {
            String s = Integer.toString(n);
            String prev = "prev" + n + "_";
            child(c, prev + "address_line1", varchar(200), ADDRESSES, s, a -> a.line1, (a, v) -> a.line1 = v);
            child(c, prev + "address_line2", varchar(200), ADDRESSES, s, a -> a.line2, (a, v) -> a.line2 = v);
            child(c, prev + "city", varchar(100), ADDRESSES, s, a -> a.city, (a, v) -> a.city = v);
            child(c, prev + "postcode", varchar(12), ADDRESSES, s, a -> a.postcode, (a, v) -> a.postcode = v);
            child(c, prev + "country", character(2), ADDRESSES, s, a -> a.country, (a, v) -> a.country = v);
            child(c, prev + "from", DATE_TYPE, ADDRESSES, s, a -> a.validFrom, (a, v) -> a.validFrom = v);
            child(c, prev + "to", DATE_TYPE, ADDRESSES, s, a -> a.validTo, (a, v) -> a.validTo = v);
        }
    }

    private static <T> void add(List<PatientColumn<?>> columns, String name, ColumnType<T> type, Access<T> access,
            Write write, T fallback) {
        columns.add(new PatientColumn<>(name, PatientColumn.camelCase(name), type, access, write, fallback,
                write == Write.OPTIONAL));
    }

    private static <T> void core(List<PatientColumn<?>> columns, String name, ColumnType<T> type,
            Function<dev.normalizer.patient.model.PatientCore, T> get,
            java.util.function.BiConsumer<dev.normalizer.patient.model.PatientCore, T> set) {
        add(columns, name, type, Access.core(get, set), Write.OPTIONAL, null);
    }

    private static <T> void personal(List<PatientColumn<?>> columns, String name, ColumnType<T> type,
            Function<dev.normalizer.patient.model.PatientPersonal, T> get,
            java.util.function.BiConsumer<dev.normalizer.patient.model.PatientPersonal, T> set) {
        add(columns, name, type, Access.personal(get, set), Write.OPTIONAL, null);
    }

    private static <E extends dev.normalizer.patient.model.PatientChild, T> void child(List<PatientColumn<?>> columns,
            String name, ColumnType<T> type, Group<E> group, String slot, Function<E, T> get,
            java.util.function.BiConsumer<E, T> set) {
        add(columns, name, type, Access.child(group, slot, get, set), Write.OPTIONAL, null);
    }
}
