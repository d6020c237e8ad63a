package dev.normalizer.patient;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.patient.columns.PatientColumns;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GET of one patient and of filtered pages, on both read paths, checked against the legacy flat table. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PatientReadApiTest {

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void patientHasEveryLegacyColumnAsCamelCaseKeyAndItsPublicId(ReadPath path) {
        long id = Sql.count("SELECT min(id) FROM patients_flat WHERE tenant_id = 1");
        Map<String, Object> patient = on(path).get("/api/patients/{id}", id)
                .then().statusCode(200).contentType("application/json")
                .extract().jsonPath().getMap("");
        List<String> keys = new java.util.ArrayList<>(PatientColumns.ALL.stream().map(c -> c.key()).toList());
        keys.add(1, "publicId");
        assertEquals(186, patient.size(), "the 185 legacy columns and the public id");
        assertEquals(keys, List.copyOf(patient.keySet()));
        assertEquals(Sql.value("SELECT first_name FROM patients_flat WHERE id = ?", id), patient.get("firstName"));
        assertEquals(Sql.value("SELECT mrn FROM patients_flat WHERE id = ?", id), patient.get("mrn"));
        assertEquals(Sql.value("SELECT to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM patients_flat "
                + "WHERE id = ?", id), ((String) patient.get("createdAt")).substring(0, 19));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void flagsStayStringsAndBooleansStayBooleans(ReadPath path) {
        long id = Sql.count("SELECT min(id) FROM patients_flat WHERE tenant_id = 1 AND consent_sms = 'Y'");
        on(path).get("/api/patients/{id}", id).then().statusCode(200)
                .body("consentSms", equalTo("Y"))
                .body("deceased", equalTo(Sql.value("SELECT deceased FROM patients_flat WHERE id = ?", id)))
                .body("vip", equalTo(Sql.value("SELECT vip FROM patients_flat WHERE id = ?", id)))
                .body("gdprRestricted", equalTo(false));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void unknownPatientIs404Problem(ReadPath path) {
        on(path).get("/api/patients/{id}", 999_999).then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Not Found"))
                .body("detail", equalTo("Patient 999999 does not exist"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void patientOfAnotherTenantIs404(ReadPath path) {
        long foreign = Sql.count("SELECT min(id) FROM patients_flat WHERE tenant_id = 2");
        on(path, 1).get("/api/patients/{id}", foreign).then().statusCode(404)
                .contentType("application/problem+json");
        on(path, 2).get("/api/patients/{id}", foreign).then().statusCode(200).body("id", equalTo((int) foreign));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void listPagesByIdWithTotal(ReadPath path) {
        List<Object> ids = Sql.column("SELECT id FROM patient_core WHERE tenant_id = 1 AND erased_at IS NULL "
                + "ORDER BY id");
        long total = Sql.count("SELECT count(*) FROM patient_core WHERE tenant_id = 1 AND erased_at IS NULL");
        on(path).queryParam("page", 1).queryParam("size", 10).get("/api/patients")
                .then().statusCode(200)
                .body("page", equalTo(1)).body("size", equalTo(10)).body("total", equalTo((int) total))
                .body("items", hasSize(10))
                .body("items.id", equalTo(ids.subList(10, 20).stream().map(i -> ((Number) i).intValue()).toList()))
                .body("items", everyItem(hasKey("nextOfKinName")));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void defaultPageIsFiftyFromTheStart(ReadPath path) {
        on(path).get("/api/patients").then().statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(50)).body("items", hasSize(50));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void surnameFilterIgnoresCaseAndTakesNoWildcards(ReadPath path) {
        long ahmeds = Sql.count("SELECT count(*) FROM patient_core WHERE tenant_id = 1 AND lower(surname) = 'ahmed' "
                + "AND erased_at IS NULL");
        on(path).queryParam("surname", "aHMED").queryParam("size", 200).get("/api/patients")
                .then().statusCode(200).body("total", equalTo((int) ahmeds)).body("items", hasSize((int) ahmeds))
                .body("items.surname", everyItem(equalTo("Ahmed")));
        long literal = Sql.count("SELECT count(*) FROM patients_flat WHERE tenant_id = 1 AND surname = '%_like_%'");
        on(path).queryParam("surname", "%_like_%").get("/api/patients")
                .then().statusCode(200).body("total", equalTo((int) literal))
                .body("items.surname", everyItem(equalTo("%_like_%")));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void filtersAreExactAndCombineWithAnd(ReadPath path) {
        Map<String, Object> sample = on(path).get("/api/patients/{id}",
                Sql.count("SELECT min(id) FROM patients_flat WHERE tenant_id = 1 AND mrn IS NOT NULL "
                        + "AND date_of_birth IS NOT NULL"))
                .then().statusCode(200).extract().jsonPath().getMap("");
        on(path).queryParam("firstName", sample.get("firstName")).queryParam("surname", sample.get("surname"))
                .queryParam("dateOfBirth", sample.get("dateOfBirth")).queryParam("mrn", sample.get("mrn"))
                .get("/api/patients")
                .then().statusCode(200).body("total", equalTo(1)).body("items.id", contains(sample.get("id")));
        long sameFirstName = Sql.count("SELECT count(*) FROM patients_flat WHERE tenant_id = 1 AND first_name = ?",
                sample.get("firstName"));
        on(path).queryParam("firstName", sample.get("firstName")).queryParam("size", 200).get("/api/patients")
                .then().statusCode(200).body("total", equalTo((int) sameFirstName));
        on(path).queryParam("firstName", ((String) sample.get("firstName")).toUpperCase()).get("/api/patients")
                .then().statusCode(200).body("total", equalTo(0));
        on(path).queryParam("mrn", sample.get("mrn")).queryParam("dateOfBirth", "1800-01-01").get("/api/patients")
                .then().statusCode(200).body("total", equalTo(0)).body("items", hasSize(0));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void missingValuesAreNullNotAbsent(ReadPath path) {
        long sparse = Sql.count("SELECT min(id) FROM patients_flat WHERE tenant_id = 1 AND allergy1 IS NULL "
                + "AND gp_name IS NULL AND prev1_address_line1 IS NULL");
        on(path).get("/api/patients/{id}", sparse).then().statusCode(200)
                .body("$", hasKey("allergy1")).body("allergy1", nullValue())
                .body("$", hasKey("gpName")).body("gpName", nullValue())
                .body("$", hasKey("prev1AddressLine1")).body("prev1AddressLine1", nullValue());
    }
}
