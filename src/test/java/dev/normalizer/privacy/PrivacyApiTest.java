package dev.normalizer.privacy;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.audit.ReadAuditWriter;
import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The data-subject requests of /api/privacy on both read paths: what each one does to what ordinary reads serve,
 * what it records, and who may ask. Every test works on subjects it creates, so the fixture stays as it is.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PrivacyApiTest {

    static final AtomicInteger SEQ = new AtomicInteger();

    @Inject
    ReadAuditWriter reads;

    static RequestSpecification dpo(ReadPath path) {
        return on(path, 1, Roles.DPO);
    }

    static long newPatient(ReadPath path, String surname) {
        return on(path).contentType("application/json")
                .body(Map.of("firstName", "Privacy", "surname", surname, "email", surname + "@patients.example",
                        "phoneMobile", "+44 7700 900" + SEQ.incrementAndGet(), "allergy1", "penicillin"))
                .post("/api/patients").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static long newCustomer(ReadPath path) {
        return on(path).contentType("application/json")
                .body(Map.of("email", "privacy" + SEQ.incrementAndGet() + "@customers.example",
                        "password", "correct horse battery", "firstName", "Priv", "phone", "+353 1 555"))
                .post("/api/customers").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static List<String> requestsOf(String subjectType, long id) {
        return Sql.column("SELECT request_type || ' ' || status || ' by ' || handled_by FROM data_subject_requests "
                + "WHERE subject_type = ? AND subject_id = ? ORDER BY id", subjectType, id).stream()
                .map(String::valueOf).toList();
    }

    /** By default (RESTRICTED_RECORDS=serve) restricted records are served as the legacy application served them. */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aRestrictedPatientIsStillServedByDefaultWithItsFlag(ReadPath path) {
        String surname = "Served" + path + SEQ.incrementAndGet();
        long id = newPatient(path, surname);

        dpo(path).post("/api/privacy/patients/{id}/restriction", id).then().statusCode(201)
                .header("Location", containsString("/api/privacy/requests/"))
                .body("type", equalTo("restriction")).body("status", equalTo("completed"));
        on(path).get("/api/patients/{id}", id).then().statusCode(200).body("surname", equalTo(surname))
                .body("gdprRestricted", equalTo(true));
        on(path).get("/api/patients?surname=" + surname).then().statusCode(200).body("total", equalTo(1))
                .body("items[0].gdprRestricted", equalTo(true));
        on(path).contentType("application/merge-patch+json").body("{\"city\": \"Cork\"}")
                .patch("/api/patients/{id}", id).then().statusCode(200).body("city", equalTo("Cork"))
                .body("gdprRestricted", equalTo(true));
        assertEquals(Boolean.TRUE, Sql.value("SELECT gdpr_restricted FROM v_patients_legacy WHERE id = ?", id));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aRestrictedCustomerIsStillServedByDefault(ReadPath path) {
        long id = newCustomer(path);
        dpo(path).post("/api/privacy/customers/{id}/restriction", id).then().statusCode(201);
        on(path).get("/api/customers/{id}", id).then().statusCode(200).body("id", equalTo((int) id));
        on(path).get("/api/customers/{id}/orders", id).then().statusCode(200);
        on(path).get("/api/customers?size=200&page=" + (id / 200)).then().statusCode(200)
                .body("items.id", hasItem((int) id));
        assertEquals(Boolean.TRUE, Sql.value("SELECT gdpr_restricted FROM customers WHERE id = ?", id));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void writesCannotLiftARestriction(ReadPath path) {
        long id = newPatient(path, "Sticky" + SEQ.incrementAndGet());
        on(path).contentType("application/merge-patch+json").body("{\"gdprRestricted\": true}")
                .patch("/api/patients/{id}", id).then().statusCode(400)
                .body("violations[0].field", equalTo("gdprRestricted"));
        assertEquals(Boolean.FALSE, Sql.value("SELECT gdpr_restricted FROM patient_core WHERE id = ?", id));
        dpo(path).post("/api/privacy/patients/{id}/restriction", id).then().statusCode(201);
        dpo(path).post("/api/privacy/patients/{id}/restriction", id).then().statusCode(201)
                .body("detail", equalTo("was already restricted"));
        on(path).contentType("application/merge-patch+json").body("{\"gdprRestricted\": false}")
                .patch("/api/patients/{id}", id).then().statusCode(400)
                .body("violations[0].field", equalTo("gdprRestricted"));
        assertEquals(Boolean.TRUE, Sql.value("SELECT gdpr_restricted FROM patient_core WHERE id = ?", id));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void accessExportsThePatientItsAuditTrailAndEarlierRequests(ReadPath path) throws InterruptedException {
        String surname = "Access" + path + SEQ.incrementAndGet();
        long id = newPatient(path, surname);
        on(path).get("/api/patients/{id}", id).then().statusCode(200);
        // Reads reach the trail in batches: written out here, the read comes before the restriction in the chain.
        assertTrue(reads.flush(Duration.ofSeconds(10)));
        dpo(path).post("/api/privacy/patients/{id}/restriction", id).then().statusCode(201);

        String publicId = (String) Sql.value("SELECT public_id FROM patient_core WHERE id = ?", id);
        dpo(path).post("/api/privacy/patients/{id}/access", publicId).then().statusCode(201)
                .header("Location", containsString("/api/privacy/requests/"))
                .body("request.type", equalTo("access")).body("request.subjectPublicId", equalTo(publicId))
                .body("subject.publicId", equalTo(publicId)).body("subject.restricted", equalTo(true))
                .body("data.patient.surname", equalTo(surname)).body("data.patient.allergy1", equalTo("penicillin"))
                .body("data.patient", hasKey("nationalId"))
                .body("auditTrail.action", equalTo(List.of("create", "read", "restrict")))
                .body("auditTrail[1].actor", equalTo(Api.user(path)))
                .body("auditTrail[1].readPath", equalTo(path.headerValue()))
                .body("requests.type", equalTo(List.of("restriction")));
        assertEquals(List.of("patient create", "patient read", "patient restrict", "patient export"),
                Sql.column("SELECT chain || ' ' || action FROM audit_events WHERE entity_id = ? AND chain = 'patient' "
                        + "ORDER BY seq", Long.toString(id)).stream().map(String::valueOf).toList());
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void accessExportsACustomerWithOrdersReservationsAndSessionsButNoTokenHash(ReadPath path) {
        long id = newCustomer(path);
        String email = (String) Sql.value("SELECT email FROM customers WHERE id = ?", id);
        on(path).contentType("application/json").body(Map.of("email", email, "password", "correct horse battery"))
                .post("/api/customers/login").then().statusCode(200);
        long clinic = Sql.count("SELECT min(id) FROM clinics WHERE tenant_id = 1");
        on(path).contentType("application/json").body(Map.of("customerId", id, "clinicId", clinic,
                "startsAt", "2027-01-02T10:00:00", "notes", "window seat")).post("/api/reservations")
                .then().statusCode(201);

        dpo(path).post("/api/privacy/customers/{id}/access", id).then().statusCode(201)
                .body("data.customer.email", equalTo(email)).body("data.customer.phone", equalTo("+353 1 555"))
                .body("data.orders.size()", equalTo(0))
                .body("data.reservations[0].notes", equalTo("window seat"))
                .body("data.sessions.size()", equalTo(1)).body("data.sessions[0].expiresAt", notNullValue())
                .body("data.sessions[0]", not(hasKey("tokenHash")));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void rectificationWritesThroughTheOrdinaryPathAndRecordsFieldNamesOnly(ReadPath path) {
        long id = newPatient(path, "Misspelt" + SEQ.incrementAndGet());
        String corrected = "Corrected" + SEQ.incrementAndGet();
        dpo(path).contentType("application/json").body(Map.of("surname", corrected, "city", "Cork"))
                .post("/api/privacy/patients/{id}/rectification", id).then().statusCode(201)
                .body("type", equalTo("rectification")).body("detail", equalTo("fields changed: surname, city"));
        on(path).get("/api/patients/{id}", id).then().statusCode(200).body("surname", equalTo(corrected))
                .body("city", equalTo("Cork"));
        assertFalse(String.valueOf(Sql.value("SELECT string_agg(coalesce(detail, ''), ' ') FROM data_subject_requests"))
                .contains(corrected), "the request log never holds the subject's values");

        dpo(path).contentType("application/json").body(Map.of("dateOfBirth", "not a date"))
                .post("/api/privacy/patients/{id}/rectification", id).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("dateOfBirth"));

        long customer = newCustomer(path);
        dpo(path).contentType("application/json").body(Map.of("phone", "+353 1 777"))
                .post("/api/privacy/customers/{id}/rectification", customer).then().statusCode(201)
                .body("detail", equalTo("fields changed: phone"));
        on(path).get("/api/customers/{id}", customer).then().statusCode(200).body("phone", equalTo("+353 1 777"))
                .body("firstName", equalTo("Priv"));
        dpo(path).contentType("application/json").body(Map.of("phnoe", "+353 1 888"))
                .post("/api/privacy/customers/{id}/rectification", customer).then().statusCode(400)
                .body("violations[0].field", equalTo("phnoe"));
        dpo(path).contentType("application/json").body(Map.of("age", 400))
                .post("/api/privacy/customers/{id}/rectification", customer).then().statusCode(400);
        assertEquals(List.of("rectification completed by " + Api.user(path)), requestsOf("customer", customer));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void erasureLeavesARestrictedTombstoneAndLaterRequestsAreRefusedAndRecorded(ReadPath path) {
        long patient = newPatient(path, "Erasable" + SEQ.incrementAndGet());
        dpo(path).post("/api/privacy/patients/{id}/erasure", patient).then().statusCode(201)
                .body("type", equalTo("erasure")).body("status", equalTo("completed"));
        on(path).get("/api/patients/{id}", patient).then().statusCode(404);
        dpo(path).post("/api/privacy/patients/{id}/access", patient).then().statusCode(201)
                .body("subject.erasedAt", notNullValue()).body("data.patient.surname", equalTo("erased"))
                .body("data.patient.email", equalTo(null)).body("data.patient.allergy1", equalTo(null));
        assertEquals(0L, Sql.count("SELECT count(*) FROM patient_allergies WHERE patient_id = ?", patient));
        dpo(path).post("/api/privacy/patients/{id}/erasure", patient).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("was erased on"))
                .body("detail", containsString("/api/privacy/requests/"));
        dpo(path).contentType("application/json").body(Map.of("surname", "Back"))
                .post("/api/privacy/patients/{id}/rectification", patient).then().statusCode(409);
        assertEquals(List.of("erasure completed by " + Api.user(path), "access completed by " + Api.user(path),
                "erasure refused by " + Api.user(path), "rectification refused by " + Api.user(path)),
                requestsOf("patient", patient));

        long customer = newCustomer(path);
        String email = (String) Sql.value("SELECT email FROM customers WHERE id = ?", customer);
        dpo(path).post("/api/privacy/customers/{id}/erasure", customer).then().statusCode(201);
        on(path).get("/api/customers/{id}", customer).then().statusCode(404);
        on(path).contentType("application/json").body(Map.of("email", email, "password", "correct horse battery"))
                .post("/api/customers/login").then().statusCode(401);
        assertEquals(0L, Sql.count("SELECT count(*) FROM customer_sessions WHERE customer_id = ?", customer));
        assertEquals(0L, Sql.count("SELECT count(*) FROM audit_chain_breaks()"), "every chain is unbroken");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void requestsAreListedPerSubjectAndPerTenant(ReadPath path) {
        long id = newPatient(path, "Listed" + SEQ.incrementAndGet());
        dpo(path).post("/api/privacy/patients/{id}/restriction", id).then().statusCode(201);
        int request = dpo(path).post("/api/privacy/patients/{id}/access", id).then().statusCode(201)
                .extract().path("request.id");
        dpo(path).get("/api/privacy/patients/{id}/requests", id).then().statusCode(200)
                .body("total", equalTo(2)).body("items.type", equalTo(List.of("access", "restriction")));
        dpo(path).get("/api/privacy/requests/{id}", request).then().statusCode(200).body("type", equalTo("access"));
        dpo(path).get("/api/privacy/requests?size=1").then().statusCode(200).body("items[0].id", equalTo(request));
        on(path, 2, Roles.DPO).get("/api/privacy/requests/{id}", request).then().statusCode(404);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void onlyAdminsAndDposMayAskAndOnlyAboutTheirTenant(ReadPath path) {
        long id = newPatient(path, "Guarded" + SEQ.incrementAndGet());
        on(path).post("/api/privacy/patients/{id}/access", id).then().statusCode(403)
                .contentType("application/problem+json");
        on(path, 1, Roles.ADMIN).post("/api/privacy/patients/{id}/access", id).then().statusCode(201);
        on(path, 2, Roles.DPO).post("/api/privacy/patients/{id}/erasure", id).then().statusCode(404)
                .body("detail", containsString(Long.toString(id)));
        dpo(path).post("/api/privacy/pets/{id}/access", id).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("use patients or customers"));
        dpo(path).post("/api/privacy/patients/{id}/access", "pat_nope").then().statusCode(400);
        on(path).get("/api/patients/{id}", id).then().statusCode(200).header("Location", equalTo(null));
        Api.bearer("not-a-token").post("/api/privacy/patients/{id}/access", id).then().statusCode(401);
        assertEquals(List.of("access completed by " + Api.user(path)), requestsOf("patient", id));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void theLocationOfARequestServesIt(ReadPath path) {
        long id = newCustomer(path);
        String location = dpo(path).post("/api/privacy/customers/{id}/restriction", id).then().statusCode(201)
                .extract().header("Location");
        dpo(path).get(location).then().statusCode(200).body("subjectType", equalTo("customer"))
                .body("receivedAt", notNullValue()).body("completedAt", notNullValue())
                .body("requestId", notNullValue()).body("subjectPublicId", endsWith(
                        ((String) Sql.value("SELECT public_id FROM customers WHERE id = ?", id)).substring(4)));
    }
}
