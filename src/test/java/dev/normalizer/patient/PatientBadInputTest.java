package dev.normalizer.patient;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every kind of bad input gets a problem+json answer with the right status, never a 500, on both paths. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PatientBadInputTest {

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("title", not(equalTo("")))
                .body(not(containsString("Exception"))).body(not(containsString("SELECT")))
                .body(not(containsString("dev.normalizer")));
    }

    private static ValidatableResponse violation(ValidatableResponse response, String field) {
        return problem(response, 400).body("violations.field", hasItem(field));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void malformedJsonIs400(ReadPath path) {
        problem(on(path).contentType("application/json").body("{\"firstName\": \"A\",").post("/api/patients").then(),
                400);
        problem(on(path).contentType("application/merge-patch+json").body("{oops").patch("/api/patients/1").then(),
                400);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void bodyThatIsNotAnObjectIs400(ReadPath path) {
        problem(on(path).contentType("application/json").body("[1, 2]").post("/api/patients").then(), 400)
                .body("detail", equalTo("The request body must be a JSON object"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void nonNumericIdIs400(ReadPath path) {
        violation(on(path).get("/api/patients/abc").then(), "id");
        violation(on(path).contentType("application/json").body("{}").put("/api/patients/1x").then(), "id");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void pageSizeOutside1To200Is400(ReadPath path) {
        violation(on(path).queryParam("size", 201).get("/api/patients").then(), "size");
        violation(on(path).queryParam("size", 0).get("/api/patients").then(), "size");
        violation(on(path).queryParam("page", -1).get("/api/patients").then(), "page");
        violation(on(path).queryParam("size", "ten").get("/api/patients").then(), "size");
        on(path).queryParam("size", 200).get("/api/patients").then().statusCode(200);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void stringOverColumnLengthIs400AndStoresNothing(ReadPath path) {
        long before = Sql.count("SELECT count(*) FROM patient_core");
        violation(on(path).contentType("application/json")
                .body("{\"firstName\": \"A\", \"surname\": \"B\", \"mrn\": \"" + "M".repeat(21) + "\"}")
                .post("/api/patients").then(), "mrn")
                .body("violations[0].message", equalTo("must be at most 20 characters"));
        assertEquals(before, Sql.count("SELECT count(*) FROM patient_core"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void invalidDatesAre400(ReadPath path) {
        violation(on(path).contentType("application/json")
                .body("{\"firstName\": \"A\", \"surname\": \"B\", \"dateOfBirth\": \"2021-02-30\"}")
                .post("/api/patients").then(), "dateOfBirth");
        violation(on(path).contentType("application/json")
                .body("{\"firstName\": \"A\", \"surname\": \"B\", \"lastVisitAt\": \"yesterday\"}")
                .post("/api/patients").then(), "lastVisitAt");
        violation(on(path).queryParam("dateOfBirth", "03/04/2001").get("/api/patients").then(), "dateOfBirth");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void missingRequiredWrongTypesAndUnknownFieldsAre400(ReadPath path) {
        violation(on(path).contentType("application/json").body("{\"surname\": \"B\"}").post("/api/patients").then(),
                "firstName");
        violation(on(path).contentType("application/json")
                .body("{\"firstName\": \"A\", \"surname\": \"B\", \"vip\": \"yes\"}").post("/api/patients").then(),
                "vip");
        violation(on(path).contentType("application/json")
                .body("{\"firstName\": \"A\", \"surname\": \"B\", \"heightCm\": 12345.6}").post("/api/patients")
                .then(), "heightCm");
        violation(on(path).contentType("application/json")
                .body("{\"firstName\": \"A\", \"surname\": \"B\", \"favouriteColour\": \"red\"}")
                .post("/api/patients").then(), "favouriteColour");
        violation(on(path).contentType("application/json")
                .body("{\"firstName\": \"A\", \"surname\": \"B\", \"preferredClinicId\": 4}").post("/api/patients")
                .then(), "preferredClinicId");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void wrongContentTypeIs415(ReadPath path) {
        problem(on(path).contentType("text/plain").body("hello").post("/api/patients").then(), 415);
        problem(on(path).contentType("application/json").body("{}").patch("/api/patients/1").then(), 415);
    }
}
