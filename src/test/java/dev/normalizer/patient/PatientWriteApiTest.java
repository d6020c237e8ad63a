package dev.normalizer.patient;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** POST, PUT and merge-PATCH write the normalized tables; the legacy view shows each write at once. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PatientWriteApiTest {

    private static final String TRAPS = "O'Brien \\ \"quoted\"\n\ttabbed 🙂 Łódź  ";

    private static long create(ReadPath path, Map<String, Object> body) {
        return on(path).contentType("application/json").body(body).post("/api/patients")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void createSetsServerFieldsAndDefaultsAndAnswersWithLocation(ReadPath path) {
        on(path).contentType("application/json").body(body("firstName", "Ada", "surname", "Lovelace"))
                .post("/api/patients")
                .then().statusCode(201)
                .header("Location", endsWith("/api/patients/" + Sql.count("SELECT max(id) FROM patient_core")))
                .body("id", greaterThan(300)).body("tenantId", equalTo(1))
                .body("createdAt", notNullValue()).body("updatedAt", nullValue())
                .body("status", equalTo("active")).body("deceased", equalTo("N"))
                .body("vip", equalTo(false)).body("confidentialityLevel", equalTo(0))
                .body("firstName", equalTo("Ada")).body("surname", equalTo("Lovelace"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void createdPatientAppearsInTheLegacyViewWithEveryGroup(ReadPath path) {
        long id = create(path, body("firstName", TRAPS, "surname", "Doe", "status", "inactive", "deceased", "Y",
                "phoneWorkExt", "123", "email", "a@b.example", "allergy3", "nuts", "allergy3Severity", "high",
                "prev2City", "Cork", "prev2From", "2001-02-03", "motherName", "Mum", "gpPracticeCode", "GP1",
                "insurance2Provider", "Laya", "medication5", "aspirin", "condition1", "asthma",
                "heightCm", 181.5, "alcoholUnitsWeek", 4, "consentRecordedAt", "2021-03-04T05:06:07.123456",
                "preferredClinicId", 1));
        assertEquals(TRAPS, Sql.value("SELECT first_name FROM v_patients_legacy WHERE id = ?", id));
        assertEquals("inactive|Y|123|a@b.example|nuts|high|Cork|2001-02-03|Mum|GP1|Laya|aspirin|asthma|181.5|4"
                + "|2021-03-04 05:06:07.123456|1",
                Sql.value("SELECT concat_ws('|', status, deceased, phone_work_ext, email, allergy3, allergy3_severity,"
                        + " prev2_city, prev2_from, mother_name, gp_practice_code, insurance2_provider, medication5,"
                        + " condition1, height_cm, alcohol_units_week, consent_recorded_at, preferred_clinic_id)"
                        + " FROM v_patients_legacy WHERE id = ?", id));
        assertEquals(1L, Sql.count("SELECT count(*) FROM patient_allergies WHERE patient_id = ?", id));
        assertEquals(0L, Sql.count("SELECT count(*) FROM patient_address WHERE patient_id = ? AND slot <> 2", id));
        on(path).get("/api/patients/{id}", id).then().statusCode(200)
                .body("firstName", equalTo(TRAPS)).body("heightCm", equalTo(181.5f))
                .body("consentRecordedAt", equalTo("2021-03-04T05:06:07.123456"))
                .body("prev2From", equalTo("2001-02-03")).body("allergy1", nullValue());
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void timestampsAlwaysShowSecondsAndOnlyTheFractionTheyNeed(ReadPath path) {
        long id = create(path, body("firstName", "T", "surname", "S", "lastVisitAt", "2021-03-04T05:06:00",
                "nextAppointmentAt", "2021-03-04T05:06:07.120", "consentRecordedAt", "2021-03-04T05:06"));
        on(path).get("/api/patients/{id}", id).then().statusCode(200)
                .body("lastVisitAt", equalTo("2021-03-04T05:06:00"))
                .body("nextAppointmentAt", equalTo("2021-03-04T05:06:07.12"))
                .body("consentRecordedAt", equalTo("2021-03-04T05:06:00"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aWrittenSurnameIsFoundByTheFilterWhateverItsCase(ReadPath path) {
        // Letters outside ASCII keep their case here: what lower() does to them depends on the database's locale.
        String surname = "McAllister-Øye-" + path.headerValue();
        long id = create(path, body("firstName", "Ümit", "surname", surname));
        on(path).queryParam("surname", "MCALLISTER-Øye-" + path.headerValue().toUpperCase(java.util.Locale.ROOT))
                .get("/api/patients").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo((int) id));
        on(path).contentType("application/merge-patch+json; charset=UTF-8").body(body("surname", "Renamed-" + surname))
                .patch("/api/patients/{id}", id).then().statusCode(200);
        on(path).queryParam("surname", surname).get("/api/patients").then().statusCode(200).body("total", equalTo(0));
        on(path).queryParam("surname", "RENAMED-mcallister-Øye-" + path.headerValue()).get("/api/patients")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].surname", equalTo("Renamed-" + surname));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void putReplacesEveryWritableField(ReadPath path) {
        long id = create(path, body("firstName", "Old", "surname", "Name", "mrn", "M-1", "allergy1", "dust",
                "gpName", "Dr Who", "vip", true));
        on(path).contentType("application/json").body(body("firstName", "New", "surname", "Name", "city", "Lyon"))
                .put("/api/patients/{id}", id)
                .then().statusCode(200)
                .body("firstName", equalTo("New")).body("city", equalTo("Lyon"))
                .body("mrn", nullValue()).body("allergy1", nullValue()).body("gpName", nullValue())
                .body("vip", equalTo(false)).body("status", equalTo("active")).body("updatedAt", notNullValue());
        assertEquals(0L, Sql.count("SELECT count(*) FROM patient_allergies WHERE patient_id = ?", id));
        assertEquals(0L, Sql.count("SELECT count(*) FROM patient_gp WHERE patient_id = ?", id));
        assertEquals("New|Lyon", Sql.value("SELECT concat_ws('|', first_name, mrn, city) FROM v_patients_legacy "
                + "WHERE id = ?", id));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void mergePatchChangesOnlyWhatItNamesAndNullRemoves(ReadPath path) {
        long id = create(path, body("firstName", "Pat", "surname", "Ch", "mrn", "M-2", "allergy1", "dust",
                "allergy1Severity", "low", "spouseName", "Sam"));
        on(path).contentType("application/merge-patch+json")
                .body(body("allergy1", null, "spouseName", null, "middleName", "Q"))
                .patch("/api/patients/{id}", id)
                .then().statusCode(200)
                .body("middleName", equalTo("Q")).body("mrn", equalTo("M-2"))
                .body("allergy1", nullValue()).body("allergy1Severity", equalTo("low"))
                .body("spouseName", nullValue());
        assertEquals(0L, Sql.count("SELECT count(*) FROM patient_family WHERE patient_id = ?", id));
        assertEquals("low", Sql.value("SELECT allergy1_severity FROM v_patients_legacy WHERE id = ?", id));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void writesToAnotherTenantsPatientAre404AndChangeNothing(ReadPath path) {
        long foreign = Sql.count("SELECT min(id) FROM patients_flat WHERE tenant_id = 2");
        Object before = Sql.value("SELECT md5(v::text) FROM v_patients_legacy v WHERE id = ?", foreign);
        on(path, 1).contentType("application/json").body(body("firstName", "X", "surname", "Y"))
                .put("/api/patients/{id}", foreign).then().statusCode(404).contentType("application/problem+json");
        on(path, 1).contentType("application/merge-patch+json").body(body("firstName", "X"))
                .patch("/api/patients/{id}", foreign).then().statusCode(404);
        assertEquals(before, Sql.value("SELECT md5(v::text) FROM v_patients_legacy v WHERE id = ?", foreign));
    }
}
