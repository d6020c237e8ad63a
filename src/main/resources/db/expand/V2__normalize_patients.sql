-- V2, expand: the normalized patient tables next to the live flat table `patients`, kept in step with it.
--
-- Run by db.migration.V2__normalize_patients as one short transaction under a 500 ms lock_timeout (retried). The only
-- lock it takes on a table the legacy application uses is the trigger's on `patients` (SHARE ROW EXCLUSIVE, for
-- milliseconds), plus the foreign keys' on `tenants` and `clinics`; the legacy application goes on reading and
-- writing `patients` meanwhile, and afterwards.
--
-- * Ten normalized tables. Repeating groups (addresses, relatives, insurance, allergies, medications, conditions)
--   become one row per filled slot. The slot number is kept, because the legacy shape has gaps (allergy2 filled
--   while allergy1 is empty). patient_core takes its ids from the legacy id sequence.
-- * normalize_patients(ids): the one mapping from flat rows to normalized rows. It writes the given patients anew
--   (upsert of core and personal, the repeating groups deleted and written again), so running it twice for a row
--   gives the same result. The sync triggers, the batched backfill and, after the cutover, the compatibility view's
--   INSTEAD OF trigger all use it.
-- * Triggers on `patients`: every INSERT, UPDATE and DELETE, by anyone, is applied to the normalized tables in the
--   same transaction. Created before the backfill starts, so that no write made during it is missed.
-- * patient_backfill: where the batched backfill is (it resumes from there after a crash), and when it finished.
-- * v_patients_legacy: the 185 legacy columns, with their names, types and values, from the normalized tables.
--
-- squawk: the normalized columns keep the legacy columns' types (varchar(n), char(n), smallint, timestamp without
-- time zone), so that every legacy value fits, and v_patients_legacy gives the legacy application and the API the
-- types they have always had. Changing a type is a later, separate step, not part of a move that must be lossless.
-- squawk-ignore-file prefer-text-field, ban-char-field, prefer-bigint-over-smallint, prefer-timestamp-tz

CREATE TABLE patient_core (
  id                    bigint PRIMARY KEY DEFAULT nextval('patients_id_seq'),
  tenant_id             integer NOT NULL REFERENCES tenants(id),
  mrn                   varchar(20),
  national_id           varchar(20),
  title                 varchar(10),
  first_name            varchar(100) NOT NULL,
  middle_name           varchar(100),
  surname               varchar(100) NOT NULL,
  preferred_name        varchar(100),
  maiden_name           varchar(100),
  date_of_birth         date,
  sex                   char(1),
  status                varchar(12) NOT NULL DEFAULT 'active',
  deceased              char(1) NOT NULL DEFAULT 'N',
  date_of_death         date,
  registered_since      date,
  referral_source       varchar(60),
  photo_url             varchar(500),
  gdpr_restricted       boolean NOT NULL DEFAULT false,
  legacy_system_id      varchar(40),
  import_batch          integer,
  source_system         varchar(20),
  notes                 text,
  vip                   boolean NOT NULL DEFAULT false,
  confidentiality_level smallint NOT NULL DEFAULT 0,
  preferred_clinic_id   integer REFERENCES clinics(id),
  preferred_clinician   varchar(200),
  last_visit_at         timestamp,
  next_appointment_at   timestamp,
  portal_enabled        boolean NOT NULL DEFAULT false,
  created_at            timestamp NOT NULL DEFAULT now(),
  created_by            varchar(100),
  updated_at            timestamp,
  updated_by            varchar(100)
);

-- Autovacuum stays on: its ANALYZE keeps the statistics of the growing tables current, so that each batch's
-- statements keep using their indexes (with it off, a batch got slower with every batch before it).
-- The child tables get their foreign keys to patient_core (ON DELETE CASCADE) after the backfill, NOT VALID and then
-- validated (db.migration.V2__normalize_patients): checked row by row, they took a third of the backfill's time.
-- Until then delete_patients removes a patient's rows from every table itself.

-- Demographics, social history, consents and contact preferences: exactly one row per patient.
CREATE TABLE patient_personal (
  patient_id               bigint PRIMARY KEY,
  gender_identity          varchar(40),
  pronouns                 varchar(20),
  blood_type               varchar(3),
  marital_status           varchar(20),
  religion                 varchar(60),
  ethnicity                varchar(60),
  nationality              varchar(60),
  country_of_birth         char(2),
  place_of_birth           varchar(100),
  first_language           varchar(40),
  second_language          varchar(40),
  interpreter_required     char(1),
  interpreter_language     varchar(40),
  occupation               varchar(100),
  employer                 varchar(100),
  education_level          varchar(40),
  dietary_requirements     text,
  cultural_notes           text,
  accessibility_needs      text,
  communication_needs      text,
  advance_directive        char(1),
  organ_donor              char(1),
  height_cm                numeric(5,1),
  weight_kg                numeric(5,1),
  smoker_status            varchar(12),
  alcohol_units_week       smallint,
  preferred_contact_method varchar(10),
  consent_sms              char(1),
  consent_email            char(1),
  consent_phone            char(1),
  contact_notes            text,
  consent_research         char(1),
  consent_data_sharing     char(1),
  consent_recorded_at      timestamp
);

-- One row per phone number, e-mail address or fax. A work phone may carry an extension.
CREATE TABLE patient_contacts (
  id         bigserial PRIMARY KEY,
  patient_id bigint NOT NULL,
  kind       varchar(16) NOT NULL
             CHECK (kind IN ('phone_home', 'phone_mobile', 'phone_work', 'email', 'email_secondary', 'fax')),
  value      varchar(255),
  extension  varchar(10),
  CONSTRAINT patient_contacts_kind_uq UNIQUE (patient_id, kind),
  CONSTRAINT patient_contacts_not_empty CHECK (value IS NOT NULL OR extension IS NOT NULL),
  CONSTRAINT patient_contacts_extension_on_work_phone CHECK (extension IS NULL OR kind = 'phone_work')
);

-- Slot 0 is the current address (valid_from = the legacy address_since); slots 1-3 are the previous ones.
CREATE TABLE patient_address (
  id           bigserial PRIMARY KEY,
  patient_id   bigint NOT NULL,
  slot         smallint NOT NULL CHECK (slot BETWEEN 0 AND 3),
  line1        varchar(200),
  line2        varchar(200),
  line3        varchar(200),
  city         varchar(100),
  county       varchar(100),
  postcode     varchar(12),
  country      char(2),
  address_type varchar(12),
  valid_from   date,
  valid_to     date,
  CONSTRAINT patient_address_slot_uq UNIQUE (patient_id, slot),
  CONSTRAINT patient_address_current_has_no_end CHECK (slot > 0 OR valid_to IS NULL),
  CONSTRAINT patient_address_previous_shape CHECK (slot = 0 OR (line3 IS NULL AND county IS NULL AND address_type IS NULL)),
  CONSTRAINT patient_address_not_empty CHECK (num_nonnulls(line1, line2, line3, city, county, postcode, country,
                                                          address_type, valid_from, valid_to) > 0)
);

-- One row per relative or contact person; `relation` is the legacy column prefix.
CREATE TABLE patient_family (
  id           bigserial PRIMARY KEY,
  patient_id   bigint NOT NULL,
  relation     varchar(12) NOT NULL
               CHECK (relation IN ('next_of_kin', 'emergency1', 'emergency2', 'mother', 'father', 'spouse')),
  name         varchar(200),
  relationship varchar(40),
  phone        varchar(30),
  phone_alt    varchar(30),
  email        varchar(255),
  address      text,
  notes        text,
  CONSTRAINT patient_family_relation_uq UNIQUE (patient_id, relation),
  CONSTRAINT patient_family_not_empty CHECK (num_nonnulls(name, relationship, phone, phone_alt, email, address, notes) > 0)
);

CREATE TABLE patient_gp (
  patient_id    bigint PRIMARY KEY,
  name          varchar(200),
  practice_name varchar(200),
  practice_code varchar(10),
  phone         varchar(30),
  email         varchar(255),
  address       text,
  CONSTRAINT patient_gp_not_empty CHECK (num_nonnulls(name, practice_name, practice_code, phone, email, address) > 0)
);

CREATE TABLE patient_insurance (
  id            bigserial PRIMARY KEY,
  patient_id    bigint NOT NULL,
  slot          smallint NOT NULL CHECK (slot BETWEEN 1 AND 2),
  provider      varchar(100),
  policy_number varchar(40),
  group_number  varchar(40),
  holder_name   varchar(200),
  valid_from    date,
  valid_to      date,
  CONSTRAINT patient_insurance_slot_uq UNIQUE (patient_id, slot),
  CONSTRAINT patient_insurance_not_empty CHECK (num_nonnulls(provider, policy_number, group_number, holder_name,
                                                            valid_from, valid_to) > 0)
);

CREATE TABLE patient_allergies (
  id         bigserial PRIMARY KEY,
  patient_id bigint NOT NULL,
  slot       smallint NOT NULL CHECK (slot BETWEEN 1 AND 5),
  allergen   varchar(100),
  severity   varchar(10),
  CONSTRAINT patient_allergies_slot_uq UNIQUE (patient_id, slot),
  CONSTRAINT patient_allergies_not_empty CHECK (allergen IS NOT NULL OR severity IS NOT NULL)
);

CREATE TABLE patient_medications (
  id         bigserial PRIMARY KEY,
  patient_id bigint NOT NULL,
  slot       smallint NOT NULL CHECK (slot BETWEEN 1 AND 5),
  name       varchar(200) NOT NULL,
  CONSTRAINT patient_medications_slot_uq UNIQUE (patient_id, slot)
);

CREATE TABLE patient_conditions (
  id         bigserial PRIMARY KEY,
  patient_id bigint NOT NULL,
  slot       smallint NOT NULL CHECK (slot BETWEEN 1 AND 5),
  name       varchar(200) NOT NULL,
  CONSTRAINT patient_conditions_slot_uq UNIQUE (patient_id, slot)
);

-- Indexes for every API filter (tenant first: every query is per tenant), created while the table is still empty.
CREATE INDEX patient_core_tenant_id_idx ON patient_core (tenant_id, id);
CREATE INDEX patient_core_tenant_surname_idx ON patient_core (tenant_id, lower(surname), id);
CREATE INDEX patient_core_tenant_first_name_idx ON patient_core (tenant_id, first_name, id);
CREATE INDEX patient_core_tenant_dob_idx ON patient_core (tenant_id, date_of_birth, id);
CREATE INDEX patient_core_tenant_mrn_idx ON patient_core (tenant_id, mrn, id);
CREATE INDEX patient_core_preferred_clinic_idx ON patient_core (preferred_clinic_id);

-- The mapping, for the flat rows of the given ids. Each statement reads them once, by primary key, from the flat
-- table: `patients` during the expand, `patients_flat` after the cutover renamed it (where the compatibility view's
-- trigger puts each row it is given). Hence dynamic SQL, planned at each call: a few milliseconds per call, once per
-- backfill batch or legacy statement.
CREATE FUNCTION normalize_patients(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  flat regclass := coalesce(to_regclass('patients_flat'), 'patients'::regclass);
BEGIN
  EXECUTE format($s$
  INSERT INTO patient_core (id, tenant_id, mrn, national_id, title, first_name, middle_name, surname, preferred_name,
                            maiden_name, date_of_birth, sex, status, deceased, date_of_death, registered_since,
                            referral_source, photo_url, gdpr_restricted, legacy_system_id, import_batch, source_system,
                            notes, vip, confidentiality_level, preferred_clinic_id, preferred_clinician, last_visit_at,
                            next_appointment_at, portal_enabled, created_at, created_by, updated_at, updated_by)
  SELECT id, tenant_id, mrn, national_id, title, first_name, middle_name, surname, preferred_name,
         maiden_name, date_of_birth, sex, status, deceased, date_of_death, registered_since,
         referral_source, photo_url, gdpr_restricted, legacy_system_id, import_batch, source_system,
         notes, vip, confidentiality_level, preferred_clinic_id, preferred_clinician, last_visit_at,
         next_appointment_at, portal_enabled, created_at, created_by, updated_at, updated_by
  FROM (SELECT * FROM %1$s WHERE id = ANY ($1)) p
  ON CONFLICT (id) DO UPDATE SET
    tenant_id = EXCLUDED.tenant_id,
    mrn = EXCLUDED.mrn,
    national_id = EXCLUDED.national_id,
    title = EXCLUDED.title,
    first_name = EXCLUDED.first_name,
    middle_name = EXCLUDED.middle_name,
    surname = EXCLUDED.surname,
    preferred_name = EXCLUDED.preferred_name,
    maiden_name = EXCLUDED.maiden_name,
    date_of_birth = EXCLUDED.date_of_birth,
    sex = EXCLUDED.sex,
    status = EXCLUDED.status,
    deceased = EXCLUDED.deceased,
    date_of_death = EXCLUDED.date_of_death,
    registered_since = EXCLUDED.registered_since,
    referral_source = EXCLUDED.referral_source,
    photo_url = EXCLUDED.photo_url,
    gdpr_restricted = EXCLUDED.gdpr_restricted,
    legacy_system_id = EXCLUDED.legacy_system_id,
    import_batch = EXCLUDED.import_batch,
    source_system = EXCLUDED.source_system,
    notes = EXCLUDED.notes,
    vip = EXCLUDED.vip,
    confidentiality_level = EXCLUDED.confidentiality_level,
    preferred_clinic_id = EXCLUDED.preferred_clinic_id,
    preferred_clinician = EXCLUDED.preferred_clinician,
    last_visit_at = EXCLUDED.last_visit_at,
    next_appointment_at = EXCLUDED.next_appointment_at,
    portal_enabled = EXCLUDED.portal_enabled,
    created_at = EXCLUDED.created_at,
    created_by = EXCLUDED.created_by,
    updated_at = EXCLUDED.updated_at,
    updated_by = EXCLUDED.updated_by
  $s$, flat) USING ids;

  EXECUTE format($s$
  INSERT INTO patient_personal (patient_id, gender_identity, pronouns, blood_type, marital_status, religion, ethnicity,
                                nationality, country_of_birth, place_of_birth, first_language, second_language,
                                interpreter_required, interpreter_language, occupation, employer, education_level,
                                dietary_requirements, cultural_notes, accessibility_needs, communication_needs,
                                advance_directive, organ_donor, height_cm, weight_kg, smoker_status, alcohol_units_week,
                                preferred_contact_method, consent_sms, consent_email, consent_phone, contact_notes,
                                consent_research, consent_data_sharing, consent_recorded_at)
  SELECT id, gender_identity, pronouns, blood_type, marital_status, religion, ethnicity,
         nationality, country_of_birth, place_of_birth, first_language, second_language,
         interpreter_required, interpreter_language, occupation, employer, education_level,
         dietary_requirements, cultural_notes, accessibility_needs, communication_needs,
         advance_directive, organ_donor, height_cm, weight_kg, smoker_status, alcohol_units_week,
         preferred_contact_method, consent_sms, consent_email, consent_phone, contact_notes,
         consent_research, consent_data_sharing, consent_recorded_at
  FROM (SELECT * FROM %1$s WHERE id = ANY ($1)) p
  ON CONFLICT (patient_id) DO UPDATE SET
    gender_identity = EXCLUDED.gender_identity,
    pronouns = EXCLUDED.pronouns,
    blood_type = EXCLUDED.blood_type,
    marital_status = EXCLUDED.marital_status,
    religion = EXCLUDED.religion,
    ethnicity = EXCLUDED.ethnicity,
    nationality = EXCLUDED.nationality,
    country_of_birth = EXCLUDED.country_of_birth,
    place_of_birth = EXCLUDED.place_of_birth,
    first_language = EXCLUDED.first_language,
    second_language = EXCLUDED.second_language,
    interpreter_required = EXCLUDED.interpreter_required,
    interpreter_language = EXCLUDED.interpreter_language,
    occupation = EXCLUDED.occupation,
    employer = EXCLUDED.employer,
    education_level = EXCLUDED.education_level,
    dietary_requirements = EXCLUDED.dietary_requirements,
    cultural_notes = EXCLUDED.cultural_notes,
    accessibility_needs = EXCLUDED.accessibility_needs,
    communication_needs = EXCLUDED.communication_needs,
    advance_directive = EXCLUDED.advance_directive,
    organ_donor = EXCLUDED.organ_donor,
    height_cm = EXCLUDED.height_cm,
    weight_kg = EXCLUDED.weight_kg,
    smoker_status = EXCLUDED.smoker_status,
    alcohol_units_week = EXCLUDED.alcohol_units_week,
    preferred_contact_method = EXCLUDED.preferred_contact_method,
    consent_sms = EXCLUDED.consent_sms,
    consent_email = EXCLUDED.consent_email,
    consent_phone = EXCLUDED.consent_phone,
    contact_notes = EXCLUDED.contact_notes,
    consent_research = EXCLUDED.consent_research,
    consent_data_sharing = EXCLUDED.consent_data_sharing,
    consent_recorded_at = EXCLUDED.consent_recorded_at
  $s$, flat) USING ids;

  -- A slot emptied since the last write must go: the repeating groups are written anew.
  EXECUTE format($s$
  DELETE FROM patient_contacts WHERE patient_id = ANY ($1)
  $s$, flat) USING ids;

  EXECUTE format($s$
  DELETE FROM patient_address WHERE patient_id = ANY ($1)
  $s$, flat) USING ids;

  EXECUTE format($s$
  DELETE FROM patient_family WHERE patient_id = ANY ($1)
  $s$, flat) USING ids;

  EXECUTE format($s$
  DELETE FROM patient_gp WHERE patient_id = ANY ($1)
  $s$, flat) USING ids;

  EXECUTE format($s$
  DELETE FROM patient_insurance WHERE patient_id = ANY ($1)
  $s$, flat) USING ids;

  EXECUTE format($s$
  DELETE FROM patient_allergies WHERE patient_id = ANY ($1)
  $s$, flat) USING ids;

  EXECUTE format($s$
  DELETE FROM patient_medications WHERE patient_id = ANY ($1)
  $s$, flat) USING ids;

  EXECUTE format($s$
  DELETE FROM patient_conditions WHERE patient_id = ANY ($1)
  $s$, flat) USING ids;

  EXECUTE format($s$
  INSERT INTO patient_contacts (patient_id, kind, value, extension)
  SELECT p.id, c.kind, c.value, c.extension
  FROM (SELECT * FROM %1$s WHERE id = ANY ($1)) p
  CROSS JOIN LATERAL (VALUES ('phone_home', p.phone_home::varchar, NULL::varchar),
                             ('phone_mobile', p.phone_mobile, NULL),
                             ('phone_work', p.phone_work, p.phone_work_ext),
                             ('email', p.email, NULL),
                             ('email_secondary', p.email_secondary, NULL),
                             ('fax', p.fax, NULL)) AS c(kind, value, extension)
  WHERE c.value IS NOT NULL OR c.extension IS NOT NULL
  $s$, flat) USING ids;

  EXECUTE format($s$
  INSERT INTO patient_address (patient_id, slot, line1, line2, line3, city, county, postcode, country, address_type,
                               valid_from, valid_to)
  SELECT p.id, a.slot, a.line1, a.line2, a.line3, a.city, a.county, a.postcode, a.country, a.address_type,
         a.valid_from, a.valid_to
  FROM (SELECT * FROM %1$s WHERE id = ANY ($1)) p
  CROSS JOIN LATERAL (VALUES
    (0, p.address_line1::varchar, p.address_line2::varchar, p.address_line3::varchar, p.city::varchar,
        p.county::varchar, p.postcode::varchar, p.country::bpchar, p.address_type::varchar, p.address_since, NULL::date),
    (1, p.prev1_address_line1, p.prev1_address_line2, NULL, p.prev1_city, NULL, p.prev1_postcode, p.prev1_country,
        NULL, p.prev1_from, p.prev1_to),
    (2, p.prev2_address_line1, p.prev2_address_line2, NULL, p.prev2_city, NULL, p.prev2_postcode, p.prev2_country,
        NULL, p.prev2_from, p.prev2_to),
    (3, p.prev3_address_line1, p.prev3_address_line2, NULL, p.prev3_city, NULL, p.prev3_postcode, p.prev3_country,
        NULL, p.prev3_from, p.prev3_to)
  ) AS a(slot, line1, line2, line3, city, county, postcode, country, address_type, valid_from, valid_to)
  WHERE num_nonnulls(a.line1, a.line2, a.line3, a.city, a.county, a.postcode, a.country, a.address_type,
                     a.valid_from, a.valid_to) > 0
  $s$, flat) USING ids;

  EXECUTE format($s$
  INSERT INTO patient_family (patient_id, relation, name, relationship, phone, phone_alt, email, address, notes)
  SELECT p.id, f.relation, f.name, f.relationship, f.phone, f.phone_alt, f.email, f.address, f.notes
  FROM (SELECT * FROM %1$s WHERE id = ANY ($1)) p
  CROSS JOIN LATERAL (VALUES
    ('next_of_kin', p.next_of_kin_name::varchar, p.next_of_kin_relationship::varchar, p.next_of_kin_phone::varchar,
                    p.next_of_kin_phone_alt::varchar, p.next_of_kin_email::varchar, p.next_of_kin_address,
                    p.next_of_kin_notes),
    ('emergency1', p.emergency1_name, p.emergency1_relationship, p.emergency1_phone, p.emergency1_phone_alt,
                   p.emergency1_email, p.emergency1_address, p.emergency1_notes),
    ('emergency2', p.emergency2_name, p.emergency2_relationship, p.emergency2_phone, p.emergency2_phone_alt,
                   p.emergency2_email, p.emergency2_address, p.emergency2_notes),
    ('mother', p.mother_name, p.mother_relationship, p.mother_phone, p.mother_phone_alt, p.mother_email,
               p.mother_address, p.mother_notes),
    ('father', p.father_name, p.father_relationship, p.father_phone, p.father_phone_alt, p.father_email,
               p.father_address, p.father_notes),
    ('spouse', p.spouse_name, p.spouse_relationship, p.spouse_phone, p.spouse_phone_alt, p.spouse_email,
               p.spouse_address, p.spouse_notes)
  ) AS f(relation, name, relationship, phone, phone_alt, email, address, notes)
  WHERE num_nonnulls(f.name, f.relationship, f.phone, f.phone_alt, f.email, f.address, f.notes) > 0
  $s$, flat) USING ids;

  EXECUTE format($s$
  INSERT INTO patient_gp (patient_id, name, practice_name, practice_code, phone, email, address)
  SELECT id, gp_name, gp_practice_name, gp_practice_code, gp_phone, gp_email, gp_address
  FROM (SELECT * FROM %1$s WHERE id = ANY ($1)) p
  WHERE num_nonnulls(gp_name, gp_practice_name, gp_practice_code, gp_phone, gp_email, gp_address) > 0
  $s$, flat) USING ids;

  EXECUTE format($s$
  INSERT INTO patient_insurance (patient_id, slot, provider, policy_number, group_number, holder_name, valid_from, valid_to)
  SELECT p.id, i.slot, i.provider, i.policy_number, i.group_number, i.holder_name, i.valid_from, i.valid_to
  FROM (SELECT * FROM %1$s WHERE id = ANY ($1)) p
  CROSS JOIN LATERAL (VALUES
    (1, p.insurance1_provider::varchar, p.insurance1_policy_number::varchar, p.insurance1_group_number::varchar,
        p.insurance1_holder_name::varchar, p.insurance1_valid_from, p.insurance1_valid_to),
    (2, p.insurance2_provider, p.insurance2_policy_number, p.insurance2_group_number, p.insurance2_holder_name,
        p.insurance2_valid_from, p.insurance2_valid_to)
  ) AS i(slot, provider, policy_number, group_number, holder_name, valid_from, valid_to)
  WHERE num_nonnulls(i.provider, i.policy_number, i.group_number, i.holder_name, i.valid_from, i.valid_to) > 0
  $s$, flat) USING ids;

  EXECUTE format($s$
  INSERT INTO patient_allergies (patient_id, slot, allergen, severity)
  SELECT p.id, a.slot, a.allergen, a.severity
  FROM (SELECT * FROM %1$s WHERE id = ANY ($1)) p
  CROSS JOIN LATERAL (VALUES (1, p.allergy1::varchar, p.allergy1_severity::varchar),
                             (2, p.allergy2, p.allergy2_severity),
                             (3, p.allergy3, p.allergy3_severity),
                             (4, p.allergy4, p.allergy4_severity),
                             (5, p.allergy5, p.allergy5_severity)) AS a(slot, allergen, severity)
  WHERE a.allergen IS NOT NULL OR a.severity IS NOT NULL
  $s$, flat) USING ids;

  EXECUTE format($s$
  INSERT INTO patient_medications (patient_id, slot, name)
  SELECT p.id, m.slot, m.name
  FROM (SELECT * FROM %1$s WHERE id = ANY ($1)) p
  CROSS JOIN LATERAL (VALUES (1, p.medication1::varchar), (2, p.medication2), (3, p.medication3),
                             (4, p.medication4), (5, p.medication5)) AS m(slot, name)
  WHERE m.name IS NOT NULL
  $s$, flat) USING ids;

  EXECUTE format($s$
  INSERT INTO patient_conditions (patient_id, slot, name)
  SELECT p.id, c.slot, c.name
  FROM (SELECT * FROM %1$s WHERE id = ANY ($1)) p
  CROSS JOIN LATERAL (VALUES (1, p.condition1::varchar), (2, p.condition2), (3, p.condition3),
                             (4, p.condition4), (5, p.condition5)) AS c(slot, name)
  WHERE c.name IS NOT NULL
  $s$, flat) USING ids;
END $fn$;
COMMENT ON FUNCTION normalize_patients(bigint[]) IS 'Writes the flat rows of the given patients into the normalized tables (idempotent).';

-- A patient's rows in every normalized table. patient_core first: every write through the triggers locks the tables
-- in this order (a SQL function locks all its tables when it starts), and a foreign key added meanwhile locks them in
-- it too, so that neither waits for the other while holding what the other waits for. The children's foreign keys
-- come after the backfill; once they are there, the first DELETE already cascades.
CREATE FUNCTION delete_patients(ids bigint[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM patient_core WHERE id = ANY (ids);
  DELETE FROM patient_personal WHERE patient_id = ANY (ids);
  DELETE FROM patient_contacts WHERE patient_id = ANY (ids);
  DELETE FROM patient_address WHERE patient_id = ANY (ids);
  DELETE FROM patient_family WHERE patient_id = ANY (ids);
  DELETE FROM patient_gp WHERE patient_id = ANY (ids);
  DELETE FROM patient_insurance WHERE patient_id = ANY (ids);
  DELETE FROM patient_allergies WHERE patient_id = ANY (ids);
  DELETE FROM patient_medications WHERE patient_id = ANY (ids);
  DELETE FROM patient_conditions WHERE patient_id = ANY (ids);
$$;

-- Every write to the flat table, whoever makes it, reaches the normalized tables in the same transaction. One call
-- per statement, with all the rows it changed (transition tables), so a bulk UPDATE costs one set-based pass.
CREATE FUNCTION patients_sync_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  gone bigint[];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- A changed id: the old patient goes, the new one is written below.
    gone := ARRAY(SELECT o.id FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id));
    IF cardinality(gone) > 0 THEN
      PERFORM delete_patients(gone);
    END IF;
  END IF;
  PERFORM normalize_patients(ARRAY(SELECT n.id FROM new_rows n));
  RETURN NULL;
END $$;

CREATE FUNCTION patients_sync_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM delete_patients(ARRAY(SELECT o.id FROM old_rows o));
  RETURN NULL;
END $$;

CREATE TRIGGER patients_sync_insert AFTER INSERT ON patients
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patients_sync_write();
CREATE TRIGGER patients_sync_update AFTER UPDATE ON patients
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patients_sync_write();
CREATE TRIGGER patients_sync_delete AFTER DELETE ON patients
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION patients_sync_delete();

-- One row: the backfill's position. Rows with id <= last_id are in the normalized tables; later writes to any row
-- reach them through the triggers above.
CREATE TABLE patient_backfill (
  one            boolean PRIMARY KEY DEFAULT true CHECK (one),
  last_id        bigint NOT NULL DEFAULT 0,
  target_id      bigint NOT NULL,
  rows_copied    bigint NOT NULL DEFAULT 0,
  batches        integer NOT NULL DEFAULT 0,
  started_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  backfilled_at  timestamptz,
  cut_over_at    timestamptz
);
INSERT INTO patient_backfill (target_id) SELECT coalesce(max(id), 0) FROM patients;
COMMENT ON TABLE patient_backfill IS 'Progress of V2''s online backfill of the normalized patient tables (target_id: the highest id when it started).';

-- The legacy shape, column for column. Each child table is folded back with one lateral aggregate.
CREATE VIEW v_patients_legacy AS
SELECT c.id,
       c.tenant_id,
       c.mrn,
       c.national_id,
       c.title,
       c.first_name,
       c.middle_name,
       c.surname,
       c.preferred_name,
       c.maiden_name,
       c.date_of_birth,
       c.sex,
       pp.gender_identity,
       pp.pronouns,
       pp.blood_type,
       c.status,
       c.deceased,
       c.date_of_death,
       c.created_at,
       c.updated_at,
       ct.phone_home,
       ct.phone_mobile,
       ct.phone_work,
       ct.phone_work_ext,
       ct.email,
       ct.email_secondary,
       ct.fax,
       pp.preferred_contact_method,
       pp.consent_sms,
       pp.consent_email,
       pp.consent_phone,
       pp.contact_notes,
       ad.address_line1,
       ad.address_line2,
       ad.address_line3,
       ad.city,
       ad.county,
       ad.postcode,
       ad.country,
       ad.address_since,
       ad.address_type,
       ad.prev1_address_line1,
       ad.prev1_address_line2,
       ad.prev1_city,
       ad.prev1_postcode,
       ad.prev1_country,
       ad.prev1_from,
       ad.prev1_to,
       ad.prev2_address_line1,
       ad.prev2_address_line2,
       ad.prev2_city,
       ad.prev2_postcode,
       ad.prev2_country,
       ad.prev2_from,
       ad.prev2_to,
       ad.prev3_address_line1,
       ad.prev3_address_line2,
       ad.prev3_city,
       ad.prev3_postcode,
       ad.prev3_country,
       ad.prev3_from,
       ad.prev3_to,
       fm.next_of_kin_name,
       fm.next_of_kin_relationship,
       fm.next_of_kin_phone,
       fm.next_of_kin_phone_alt,
       fm.next_of_kin_email,
       fm.next_of_kin_address,
       fm.next_of_kin_notes,
       fm.emergency1_name,
       fm.emergency1_relationship,
       fm.emergency1_phone,
       fm.emergency1_phone_alt,
       fm.emergency1_email,
       fm.emergency1_address,
       fm.emergency1_notes,
       fm.emergency2_name,
       fm.emergency2_relationship,
       fm.emergency2_phone,
       fm.emergency2_phone_alt,
       fm.emergency2_email,
       fm.emergency2_address,
       fm.emergency2_notes,
       fm.mother_name,
       fm.mother_relationship,
       fm.mother_phone,
       fm.mother_phone_alt,
       fm.mother_email,
       fm.mother_address,
       fm.mother_notes,
       fm.father_name,
       fm.father_relationship,
       fm.father_phone,
       fm.father_phone_alt,
       fm.father_email,
       fm.father_address,
       fm.father_notes,
       fm.spouse_name,
       fm.spouse_relationship,
       fm.spouse_phone,
       fm.spouse_phone_alt,
       fm.spouse_email,
       fm.spouse_address,
       fm.spouse_notes,
       pp.marital_status,
       pp.religion,
       pp.ethnicity,
       pp.nationality,
       pp.country_of_birth,
       pp.place_of_birth,
       pp.first_language,
       pp.second_language,
       pp.interpreter_required,
       pp.interpreter_language,
       pp.occupation,
       pp.employer,
       pp.education_level,
       pp.dietary_requirements,
       pp.cultural_notes,
       pp.accessibility_needs,
       pp.communication_needs,
       pp.advance_directive,
       pp.organ_donor,
       gp.name          AS gp_name,
       gp.practice_name AS gp_practice_name,
       gp.practice_code AS gp_practice_code,
       gp.phone         AS gp_phone,
       gp.email         AS gp_email,
       gp.address       AS gp_address,
       c.registered_since,
       c.referral_source,
       ins.insurance1_provider,
       ins.insurance1_policy_number,
       ins.insurance1_group_number,
       ins.insurance1_holder_name,
       ins.insurance1_valid_from,
       ins.insurance1_valid_to,
       ins.insurance2_provider,
       ins.insurance2_policy_number,
       ins.insurance2_group_number,
       ins.insurance2_holder_name,
       ins.insurance2_valid_from,
       ins.insurance2_valid_to,
       al.allergy1,
       al.allergy1_severity,
       al.allergy2,
       al.allergy2_severity,
       al.allergy3,
       al.allergy3_severity,
       al.allergy4,
       al.allergy4_severity,
       al.allergy5,
       al.allergy5_severity,
       md.medication1,
       md.medication2,
       md.medication3,
       md.medication4,
       md.medication5,
       cn.condition1,
       cn.condition2,
       cn.condition3,
       cn.condition4,
       cn.condition5,
       pp.height_cm,
       pp.weight_kg,
       pp.smoker_status,
       pp.alcohol_units_week,
       c.photo_url,
       pp.consent_research,
       pp.consent_data_sharing,
       pp.consent_recorded_at,
       c.gdpr_restricted,
       c.legacy_system_id,
       c.import_batch,
       c.source_system,
       c.notes,
       c.vip,
       c.confidentiality_level,
       c.preferred_clinic_id,
       c.preferred_clinician,
       c.last_visit_at,
       c.next_appointment_at,
       c.portal_enabled,
       c.created_by,
       c.updated_by
FROM patient_core c
JOIN patient_personal pp ON pp.patient_id = c.id
LEFT JOIN patient_gp gp ON gp.patient_id = c.id
CROSS JOIN LATERAL (
  SELECT max(x.value) FILTER (WHERE x.kind = 'phone_home')::varchar(30)       AS phone_home,
         max(x.value) FILTER (WHERE x.kind = 'phone_mobile')::varchar(30)     AS phone_mobile,
         max(x.value) FILTER (WHERE x.kind = 'phone_work')::varchar(30)       AS phone_work,
         max(x.extension) FILTER (WHERE x.kind = 'phone_work')::varchar(10)   AS phone_work_ext,
         max(x.value) FILTER (WHERE x.kind = 'email')::varchar(255)           AS email,
         max(x.value) FILTER (WHERE x.kind = 'email_secondary')::varchar(255) AS email_secondary,
         max(x.value) FILTER (WHERE x.kind = 'fax')::varchar(30)              AS fax
  FROM patient_contacts x WHERE x.patient_id = c.id) ct
CROSS JOIN LATERAL (
  SELECT max(x.line1) FILTER (WHERE x.slot = 0)::varchar(200)       AS address_line1,
         max(x.line2) FILTER (WHERE x.slot = 0)::varchar(200)       AS address_line2,
         max(x.line3) FILTER (WHERE x.slot = 0)::varchar(200)       AS address_line3,
         max(x.city) FILTER (WHERE x.slot = 0)::varchar(100)        AS city,
         max(x.county) FILTER (WHERE x.slot = 0)::varchar(100)      AS county,
         max(x.postcode) FILTER (WHERE x.slot = 0)::varchar(12)     AS postcode,
         max(x.country) FILTER (WHERE x.slot = 0)::char(2)          AS country,
         max(x.valid_from) FILTER (WHERE x.slot = 0)                AS address_since,
         max(x.address_type) FILTER (WHERE x.slot = 0)::varchar(12) AS address_type,
         max(x.line1) FILTER (WHERE x.slot = 1)::varchar(200)       AS prev1_address_line1,
         max(x.line2) FILTER (WHERE x.slot = 1)::varchar(200)       AS prev1_address_line2,
         max(x.city) FILTER (WHERE x.slot = 1)::varchar(100)        AS prev1_city,
         max(x.postcode) FILTER (WHERE x.slot = 1)::varchar(12)     AS prev1_postcode,
         max(x.country) FILTER (WHERE x.slot = 1)::char(2)          AS prev1_country,
         max(x.valid_from) FILTER (WHERE x.slot = 1)                AS prev1_from,
         max(x.valid_to) FILTER (WHERE x.slot = 1)                  AS prev1_to,
         max(x.line1) FILTER (WHERE x.slot = 2)::varchar(200)       AS prev2_address_line1,
         max(x.line2) FILTER (WHERE x.slot = 2)::varchar(200)       AS prev2_address_line2,
         max(x.city) FILTER (WHERE x.slot = 2)::varchar(100)        AS prev2_city,
         max(x.postcode) FILTER (WHERE x.slot = 2)::varchar(12)     AS prev2_postcode,
         max(x.country) FILTER (WHERE x.slot = 2)::char(2)          AS prev2_country,
         max(x.valid_from) FILTER (WHERE x.slot = 2)                AS prev2_from,
         max(x.valid_to) FILTER (WHERE x.slot = 2)                  AS prev2_to,
         max(x.line1) FILTER (WHERE x.slot = 3)::varchar(200)       AS prev3_address_line1,
         max(x.line2) FILTER (WHERE x.slot = 3)::varchar(200)       AS prev3_address_line2,
         max(x.city) FILTER (WHERE x.slot = 3)::varchar(100)        AS prev3_city,
         max(x.postcode) FILTER (WHERE x.slot = 3)::varchar(12)     AS prev3_postcode,
         max(x.country) FILTER (WHERE x.slot = 3)::char(2)          AS prev3_country,
         max(x.valid_from) FILTER (WHERE x.slot = 3)                AS prev3_from,
         max(x.valid_to) FILTER (WHERE x.slot = 3)                  AS prev3_to
  FROM patient_address x WHERE x.patient_id = c.id) ad
CROSS JOIN LATERAL (
  SELECT max(x.name) FILTER (WHERE x.relation = 'next_of_kin')::varchar(200)        AS next_of_kin_name,
         max(x.relationship) FILTER (WHERE x.relation = 'next_of_kin')::varchar(40) AS next_of_kin_relationship,
         max(x.phone) FILTER (WHERE x.relation = 'next_of_kin')::varchar(30)        AS next_of_kin_phone,
         max(x.phone_alt) FILTER (WHERE x.relation = 'next_of_kin')::varchar(30)    AS next_of_kin_phone_alt,
         max(x.email) FILTER (WHERE x.relation = 'next_of_kin')::varchar(255)       AS next_of_kin_email,
         max(x.address) FILTER (WHERE x.relation = 'next_of_kin')                   AS next_of_kin_address,
         max(x.notes) FILTER (WHERE x.relation = 'next_of_kin')                     AS next_of_kin_notes,
         max(x.name) FILTER (WHERE x.relation = 'emergency1')::varchar(200)         AS emergency1_name,
         max(x.relationship) FILTER (WHERE x.relation = 'emergency1')::varchar(40)  AS emergency1_relationship,
         max(x.phone) FILTER (WHERE x.relation = 'emergency1')::varchar(30)         AS emergency1_phone,
         max(x.phone_alt) FILTER (WHERE x.relation = 'emergency1')::varchar(30)     AS emergency1_phone_alt,
         max(x.email) FILTER (WHERE x.relation = 'emergency1')::varchar(255)        AS emergency1_email,
         max(x.address) FILTER (WHERE x.relation = 'emergency1')                    AS emergency1_address,
         max(x.notes) FILTER (WHERE x.relation = 'emergency1')                      AS emergency1_notes,
         max(x.name) FILTER (WHERE x.relation = 'emergency2')::varchar(200)         AS emergency2_name,
         max(x.relationship) FILTER (WHERE x.relation = 'emergency2')::varchar(40)  AS emergency2_relationship,
         max(x.phone) FILTER (WHERE x.relation = 'emergency2')::varchar(30)         AS emergency2_phone,
         max(x.phone_alt) FILTER (WHERE x.relation = 'emergency2')::varchar(30)     AS emergency2_phone_alt,
         max(x.email) FILTER (WHERE x.relation = 'emergency2')::varchar(255)        AS emergency2_email,
         max(x.address) FILTER (WHERE x.relation = 'emergency2')                    AS emergency2_address,
         max(x.notes) FILTER (WHERE x.relation = 'emergency2')                      AS emergency2_notes,
         max(x.name) FILTER (WHERE x.relation = 'mother')::varchar(200)             AS mother_name,
         max(x.relationship) FILTER (WHERE x.relation = 'mother')::varchar(40)      AS mother_relationship,
         max(x.phone) FILTER (WHERE x.relation = 'mother')::varchar(30)             AS mother_phone,
         max(x.phone_alt) FILTER (WHERE x.relation = 'mother')::varchar(30)         AS mother_phone_alt,
         max(x.email) FILTER (WHERE x.relation = 'mother')::varchar(255)            AS mother_email,
         max(x.address) FILTER (WHERE x.relation = 'mother')                        AS mother_address,
         max(x.notes) FILTER (WHERE x.relation = 'mother')                          AS mother_notes,
         max(x.name) FILTER (WHERE x.relation = 'father')::varchar(200)             AS father_name,
         max(x.relationship) FILTER (WHERE x.relation = 'father')::varchar(40)      AS father_relationship,
         max(x.phone) FILTER (WHERE x.relation = 'father')::varchar(30)             AS father_phone,
         max(x.phone_alt) FILTER (WHERE x.relation = 'father')::varchar(30)         AS father_phone_alt,
         max(x.email) FILTER (WHERE x.relation = 'father')::varchar(255)            AS father_email,
         max(x.address) FILTER (WHERE x.relation = 'father')                        AS father_address,
         max(x.notes) FILTER (WHERE x.relation = 'father')                          AS father_notes,
         max(x.name) FILTER (WHERE x.relation = 'spouse')::varchar(200)             AS spouse_name,
         max(x.relationship) FILTER (WHERE x.relation = 'spouse')::varchar(40)      AS spouse_relationship,
         max(x.phone) FILTER (WHERE x.relation = 'spouse')::varchar(30)             AS spouse_phone,
         max(x.phone_alt) FILTER (WHERE x.relation = 'spouse')::varchar(30)         AS spouse_phone_alt,
         max(x.email) FILTER (WHERE x.relation = 'spouse')::varchar(255)            AS spouse_email,
         max(x.address) FILTER (WHERE x.relation = 'spouse')                        AS spouse_address,
         max(x.notes) FILTER (WHERE x.relation = 'spouse')                          AS spouse_notes
  FROM patient_family x WHERE x.patient_id = c.id) fm
CROSS JOIN LATERAL (
  SELECT max(x.provider) FILTER (WHERE x.slot = 1)::varchar(100)     AS insurance1_provider,
         max(x.policy_number) FILTER (WHERE x.slot = 1)::varchar(40) AS insurance1_policy_number,
         max(x.group_number) FILTER (WHERE x.slot = 1)::varchar(40)  AS insurance1_group_number,
         max(x.holder_name) FILTER (WHERE x.slot = 1)::varchar(200)  AS insurance1_holder_name,
         max(x.valid_from) FILTER (WHERE x.slot = 1)                 AS insurance1_valid_from,
         max(x.valid_to) FILTER (WHERE x.slot = 1)                   AS insurance1_valid_to,
         max(x.provider) FILTER (WHERE x.slot = 2)::varchar(100)     AS insurance2_provider,
         max(x.policy_number) FILTER (WHERE x.slot = 2)::varchar(40) AS insurance2_policy_number,
         max(x.group_number) FILTER (WHERE x.slot = 2)::varchar(40)  AS insurance2_group_number,
         max(x.holder_name) FILTER (WHERE x.slot = 2)::varchar(200)  AS insurance2_holder_name,
         max(x.valid_from) FILTER (WHERE x.slot = 2)                 AS insurance2_valid_from,
         max(x.valid_to) FILTER (WHERE x.slot = 2)                   AS insurance2_valid_to
  FROM patient_insurance x WHERE x.patient_id = c.id) ins
CROSS JOIN LATERAL (
  SELECT max(x.allergen) FILTER (WHERE x.slot = 1)::varchar(100) AS allergy1,
         max(x.severity) FILTER (WHERE x.slot = 1)::varchar(10)  AS allergy1_severity,
         max(x.allergen) FILTER (WHERE x.slot = 2)::varchar(100) AS allergy2,
         max(x.severity) FILTER (WHERE x.slot = 2)::varchar(10)  AS allergy2_severity,
         max(x.allergen) FILTER (WHERE x.slot = 3)::varchar(100) AS allergy3,
         max(x.severity) FILTER (WHERE x.slot = 3)::varchar(10)  AS allergy3_severity,
         max(x.allergen) FILTER (WHERE x.slot = 4)::varchar(100) AS allergy4,
         max(x.severity) FILTER (WHERE x.slot = 4)::varchar(10)  AS allergy4_severity,
         max(x.allergen) FILTER (WHERE x.slot = 5)::varchar(100) AS allergy5,
         max(x.severity) FILTER (WHERE x.slot = 5)::varchar(10)  AS allergy5_severity
  FROM patient_allergies x WHERE x.patient_id = c.id) al
CROSS JOIN LATERAL (
  SELECT max(x.name) FILTER (WHERE x.slot = 1)::varchar(200) AS medication1,
         max(x.name) FILTER (WHERE x.slot = 2)::varchar(200) AS medication2,
         max(x.name) FILTER (WHERE x.slot = 3)::varchar(200) AS medication3,
         max(x.name) FILTER (WHERE x.slot = 4)::varchar(200) AS medication4,
         max(x.name) FILTER (WHERE x.slot = 5)::varchar(200) AS medication5
  FROM patient_medications x WHERE x.patient_id = c.id) md
CROSS JOIN LATERAL (
  SELECT max(x.name) FILTER (WHERE x.slot = 1)::varchar(200) AS condition1,
         max(x.name) FILTER (WHERE x.slot = 2)::varchar(200) AS condition2,
         max(x.name) FILTER (WHERE x.slot = 3)::varchar(200) AS condition3,
         max(x.name) FILTER (WHERE x.slot = 4)::varchar(200) AS condition4,
         max(x.name) FILTER (WHERE x.slot = 5)::varchar(200) AS condition5
  FROM patient_conditions x WHERE x.patient_id = c.id) cn;

COMMENT ON VIEW v_patients_legacy IS 'The 185 legacy patient columns, rebuilt from the normalized tables.';
