package dev.normalizer.common;

import static dev.normalizer.testsupport.Api.on;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.patient.PatientResource;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.LogCapture;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No patient or customer value reaches the log, even when a write fails in the database with the row's values in
 * PostgreSQL's message or detail: a unique value is planted in a request that the database refuses (a CHECK
 * constraint, whose detail lists the failing row, and a trigger that names the value in its message), and every line
 * logged meanwhile, with its exception chain as the console prints it, is searched for it.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class FailedStatementLogTest {

    private LogCapture log;

    @BeforeEach
    void captureTheLog() {
        log = LogCapture.of("");
    }

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    private static String planted() {
        return "Planted" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    }

    private static ValidatableResponse failed(ValidatableResponse response, String planted) {
        return response.statusCode(greaterThanOrEqualTo(400)).contentType(Problem.MEDIA_TYPE)
                .body(not(containsString(planted)));
    }

    private void assertLoggedWithout(String planted) {
        assertTrue(log.contains("SQLState"), "the failure was logged, by its SQLState:\n" + log);
        assertFalse(log.contains(planted), "the log holds the planted value:\n" + log);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aPatientRowTheDatabaseRefusesIsLoggedWithoutItsValues(ReadPath path) {
        String planted = planted();
        Sql.execute("ALTER TABLE patient_core ADD CONSTRAINT planted_surname CHECK (surname <> '" + planted
                + "') NOT VALID");
        try {
            failed(on(path).contentType("application/json").body(Map.of("firstName", planted + "-first",
                    "surname", planted, "notes", planted + "-notes", "allergy1", planted + "-allergy"))
                    .post("/api/patients").then(), planted);
            long patient = on(path).contentType("application/json").body(Map.of("firstName", "Log",
                    "surname", "Clean")).post("/api/patients").then().statusCode(201).extract().jsonPath()
                    .getLong("id");
            failed(on(path).contentType(PatientResource.MERGE_PATCH)
                    .body(Map.of("surname", planted, "city", planted + "-city"))
                    .patch("/api/patients/{id}", patient).then(), planted);
        } finally {
            Sql.execute("ALTER TABLE patient_core DROP CONSTRAINT planted_surname");
        }
        assertLoggedWithout(planted);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aCustomerValueThatATriggerNamesInItsErrorIsNotLogged(ReadPath path) {
        String planted = planted();
        Sql.execute("CREATE FUNCTION planted_city() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.city LIKE '" + planted + "%' THEN RAISE EXCEPTION 'refused city %', NEW.city "
                + "USING DETAIL = 'the row has ' || NEW.first_name; END IF; RETURN NEW; END $$");
        Sql.execute("CREATE TRIGGER planted_city BEFORE INSERT OR UPDATE ON customer_profiles FOR EACH ROW "
                + "EXECUTE FUNCTION planted_city()");
        try {
            failed(on(path).contentType("application/json").body(Map.of("firstName", planted + "-first",
                    "city", planted)).put("/api/customers/87/profile").then(), planted);
            failed(given().header("X-Tenant-Id", 1).contentType("application/json").body(Map.of(
                    "email", planted.toLowerCase() + "@x.example", "password", "a long enough secret",
                    "firstName", planted + "-first", "city", planted)).post("/api/customers").then(), planted);
        } finally {
            Sql.execute("DROP TRIGGER planted_city ON customer_profiles");
            Sql.execute("DROP FUNCTION planted_city()");
        }
        assertLoggedWithout(planted);
    }

    /** A NUL was a 500 whose failed batch was logged with every value of the patient; now it never reaches SQL. */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aNulInAPatientIsRefusedBeforeTheDatabaseAndNothingIsLogged(ReadPath path) {
        String planted = planted();
        on(path).contentType("application/json")
                .body("{\"firstName\": \"" + planted + "\", \"surname\": \"a\\u0000b\"}").post("/api/patients")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        on(path).queryParam("surname", planted + "\u0000").get("/api/patients").then().statusCode(400);
        assertFalse(log.contains(planted), log.toString());
    }
}
