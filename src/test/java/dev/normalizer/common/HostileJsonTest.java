package dev.normalizer.common;

import static dev.normalizer.testsupport.Api.on;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.normalizer.auth.Roles;
import dev.normalizer.patient.PatientResource;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Operation;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * JSON bodies that PostgreSQL would refuse or mangle, or that the service used to accept or mangle silently: each is
 * a 400 problem+json naming the field, on every operation with a body (from the OpenAPI document, with its example
 * body), and nothing is stored.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HostileJsonTest {

    private static final String MERGE_PATCH = PatientResource.MERGE_PATCH;
    /** Stands for the bad string in an example body, replaced as JSON text so that no client library re-encodes it. */
    private static final String MARK = "@@bad@@";

    private static RequestSpecification caller(ReadPath path) {
        return on(path, 1, Roles.ADMIN, Roles.CLINICIAN);
    }

    private static ValidatableResponse invalid(ValidatableResponse response) {
        return response.statusCode(400).contentType(Problem.MEDIA_TYPE).body("status", equalTo(400))
                .body(not(containsString("Exception"))).body(not(containsString("Numeric value")))
                .body(not(containsString("com.fasterxml"))).body(not(containsString("dev.normalizer")));
    }

    private static ValidatableResponse send(ReadPath path, Operation operation, String body, long patient) {
        return caller(path).contentType(operation.bodyTypes().get(0)).body(body)
                .request(operation.method(),
                        operation.uri(Map.of("subjects", "patients", "id", Long.toString(patient))))
                .then();
    }

    private static long newPatient(ReadPath path, String surname) {
        return caller(path).contentType("application/json").body(Map.of("firstName", "Hostile", "surname", surname))
                .post("/api/patients").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** The example body with its first string value replaced by {@code text} (JSON text, escapes as sent). */
    private static String withFirstString(Operation operation, String text) {
        ObjectNode body = (ObjectNode) operation.bodyExample().deepCopy();
        String key = firstStringField(operation);
        body.put(key, MARK);
        return body.toString().replace("\"" + MARK + "\"", text);
    }

    private static String firstStringField(Operation operation) {
        var fields = operation.bodyExample().fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getValue().isTextual()) {
                return field.getKey();
            }
        }
        throw new AssertionError(operation + " has no string in its example body");
    }

    /** The example body with one more field, given as JSON text. */
    private static String withField(Operation operation, String name, String json) {
        return append(operation.exampleBody(), name, json);
    }

    private static String append(String body, String name, String json) {
        return body.substring(0, body.lastIndexOf('}')) + ", \"" + name + "\": " + json + "}";
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aNulCharacterAnywhereInABodyIs400NamingTheField(ReadPath path) {
        long patient = newPatient(path, "Nul-" + path.headerValue());
        long patients = Sql.count("SELECT count(*) FROM patient_core");
        long customers = Sql.count("SELECT count(*) FROM customers");
        List<Operation> operations = Operation.withBody();
        assertTrue(operations.size() >= 9, operations.toString());
        for (Operation operation : operations) {
            String body = append(withFirstString(operation, "\"x\\u0000y\""), "nested",
                    "{\"list\": [\"fine\", \"a\\u0000b\"], \"k\\u0000\": 1}");
            invalid(send(path, operation, body, patient))
                    .body("violations.field", hasItems(firstStringField(operation), "nested.list[1]", "nested.k\u0000"))
                    .body("violations.message", hasItem("must not contain the NUL character (\\u0000)"));
        }
        assertEquals(patients, Sql.count("SELECT count(*) FROM patient_core"));
        assertEquals(customers, Sql.count("SELECT count(*) FROM customers"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void anUnpairedSurrogateAnywhereInABodyIs400NotAQuestionMark(ReadPath path) {
        long patient = newPatient(path, "Surrogate-" + path.headerValue());
        for (Operation operation : Operation.withBody()) {
            for (String lone : List.of("\"\\ud800\"", "\"a\\udc00\"", "\"\\udc00\\ud800\"", "\"\\ud83d x\"")) {
                invalid(send(path, operation, withFirstString(operation, lone), patient))
                        .body("violations.field", hasItem(firstStringField(operation)))
                        .body("violations.message", hasItem("is not valid Unicode: it contains an unpaired surrogate"));
            }
        }
        String surname = "Surrogate-" + path.headerValue() + "-\\ud83d\\ude00";
        caller(path).contentType("application/json").body("{\"firstName\": \"Pair\", \"surname\": \"" + surname + "\"}")
                .post("/api/patients").then().statusCode(201)
                .body("surname", equalTo("Surrogate-" + path.headerValue() + "-\ud83d\ude00"));
        assertEquals(0L, Sql.count("SELECT count(*) FROM patient_core WHERE surname LIKE '%?%'"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void anUnknownFieldInAnyBodyIs400NamingIt(ReadPath path) {
        long patient = newPatient(path, "Unknown-" + path.headerValue());
        for (Operation operation : Operation.withBody()) {
            for (String unknown : List.of("favouriteColour", "role", "status", "companyId")) {
                if (operation.bodyExample().has(unknown) || isField(operation, unknown)) {
                    continue;
                }
                invalid(send(path, operation, withField(operation, unknown, "\"x\""), patient))
                        .body("violations.field", hasItem(unknown));
            }
        }
    }

    /** Registration takes a company, patients take a status: those are fields of theirs, not unknown. */
    private static boolean isField(Operation operation, String name) {
        return name.equals("companyId") && operation.toString().equals("POST /api/customers")
                || name.equals("status") && operation.path().startsWith("/api/patients")
                || name.equals("status") && operation.path().startsWith("/api/privacy");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aServerSetFieldInAnyBodyIs400NamingIt(ReadPath path) {
        long patient = newPatient(path, "ServerSet-" + path.headerValue());
        Object updatedAt = Sql.value("SELECT updated_at FROM patient_core WHERE id = ?", patient);
        Map<String, String> serverSet = Map.of("id", "999999", "tenantId", "2",
                "publicId", "\"pat_a00000000000000000000000\"", "createdAt", "\"2020-01-01T00:00:00\"");
        for (Operation operation : Operation.withBody()) {
            serverSet.forEach((field, value) -> invalid(send(path, operation, withField(operation, field, value),
                    patient)).body("violations.field", hasItem(field)));
        }
        assertEquals(updatedAt, Sql.value("SELECT updated_at FROM patient_core WHERE id = ?", patient));
    }

    /** A record sent back as it was read is no change of what the server sets, so it is taken. */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void serverSetFieldsSentBackAsReadAreTaken(ReadPath path) {
        long patient = newPatient(path, "AsRead-" + path.headerValue());
        Map<String, Object> read = caller(path).get("/api/patients/{id}", patient).then().statusCode(200)
                .extract().jsonPath().getMap("");
        caller(path).contentType(MERGE_PATCH)
                .body(Map.of("id", read.get("id"), "publicId", read.get("publicId"), "tenantId", 1,
                        "createdAt", read.get("createdAt"), "city", "Read-back"))
                .patch("/api/patients/{id}", patient).then().statusCode(200).body("city", equalTo("Read-back"));
        invalid(caller(path).contentType(MERGE_PATCH)
                .body("{\"publicId\": null}").patch("/api/patients/{id}", patient).then())
                .body("violations[0].field", equalTo("publicId"))
                .body("violations[0].message", equalTo("is set by the server: send it as read, or leave it out"));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void numbersOutOfRangeGetMessagesOfOurOwnNamingTheField(ReadPath path) {
        long orders = Sql.count("SELECT count(*) FROM orders");
        String order = "{\"customerId\": 87, \"totalCents\": %s, \"currency\": \"EUR\"%s}";
        invalid(caller(path).contentType("application/json").body(order.formatted("9223372036854775808", ""))
                .post("/api/orders").then()).body("violations[0].field", equalTo("totalCents"))
                .body("violations[0].message", equalTo("is out of range: whole numbers go up to 9223372036854775807"));
        invalid(caller(path).contentType("application/json").body(order.formatted("1e309", ""))
                .post("/api/orders").then()).body("violations[0].field", equalTo("totalCents"))
                .body("violations[0].message", equalTo("is out of range for a number"));
        invalid(caller(path).contentType("application/json").body(order.formatted("1", ", \"clinicId\": 3000000000"))
                .post("/api/orders").then()).body("violations[0].field", equalTo("clinicId"))
                .body("violations[0].message",
                        equalTo("is out of range: must be a whole number between -2147483648 and 2147483647"));
        invalid(caller(path).contentType("application/json").body("{\"customerId\": 87, \"clinicId\": 1, "
                + "\"startsAt\": \"2027-02-03T10:00:00\", \"partySize\": 40000}").post("/api/reservations").then())
                .body("violations[0].field", equalTo("partySize"))
                .body("violations[0].message",
                        equalTo("is out of range: must be a whole number between -32768 and 32767"));
        invalid(caller(path).contentType("application/json")
                .body("{\"firstName\": \"A\", \"surname\": \"B\", \"heightCm\": 1e309, \"importBatch\": -1e400}")
                .post("/api/patients").then())
                .body("violations.field", hasItems("heightCm", "importBatch"));
        invalid(caller(path).contentType("application/json")
                .body("{\"firstName\": \"A\", \"surname\": \"B\", \"importBatch\": 9223372036854775808}")
                .post("/api/patients").then()).body("violations[0].field", equalTo("importBatch"));
        assertEquals(orders, Sql.count("SELECT count(*) FROM orders"));
    }

    /** Registration and login take no token (so no user whom the flag could send down a path); same rules. */
    @Test
    void thePublicEndpointsHoldToTheSameRulesWithoutAToken() {
        long customers = Sql.count("SELECT count(*) FROM customers");
        Map<String, String> fine = Map.of("email", "\"public@x.example\"", "password", "\"a long enough secret\"");
        for (String uri : List.of("/api/customers", "/api/customers/login")) {
            for (String[] bad : new String[][] {{"email", "\"a\\u0000@x.example\""}, {"email", "\"\\ud800@x.example\""},
                    {"role", "\"admin\""}, {"id", "1"}, {"password", "9223372036854775808"}}) {
                Map<String, String> fields = new TreeMap<>(fine);
                fields.put(bad[0], bad[1]);
                String body = fields.entrySet().stream().map(f -> "\"" + f.getKey() + "\": " + f.getValue())
                        .collect(Collectors.joining(", ", "{", "}"));
                invalid(given().header("X-Tenant-Id", 1).contentType("application/json").body(body).post(uri).then())
                        .body("violations.field", hasItem(bad[0]));
            }
        }
        assertEquals(customers, Sql.count("SELECT count(*) FROM customers"));
    }

    /** A rectification binds its merged profile like any body: a wrong type or an overflow names the field. */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aCustomerRectificationOfTheWrongTypeIs400NamingTheField(ReadPath path) {
        for (String age : List.of("\"old\"", "3000000000", "12.5")) {
            invalid(caller(path).contentType("application/json").body("{\"age\": " + age + "}")
                    .post("/api/privacy/customers/87/rectification").then())
                    .body("violations[0].field", equalTo("age"));
        }
    }

    /** The contract's numbers are JSON numbers: a string of digits or a fraction is not read as a whole number. */
    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void wholeNumbersAreJsonWholeNumbers(ReadPath path) {
        for (String customerId : List.of("\"87\"", "\"+87\"", "\"\u0668\u0667\"", "87.5", "8.7e1")) {
            invalid(caller(path).contentType("application/json")
                    .body("{\"customerId\": " + customerId + ", \"totalCents\": 1, \"currency\": \"EUR\"}")
                    .post("/api/orders").then()).body("violations[0].field", equalTo("customerId"));
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void datesOutsideTheirRangeAre400NamingTheField(ReadPath path) {
        long patient = newPatient(path, "Dates-" + path.headerValue());
        for (String date : List.of("-4714-01-01", "+300000-01-01", "0000-12-31", "+10000-01-01")) {
            invalid(caller(path).contentType("application/json")
                    .body(Map.of("firstName", "A", "surname", "Dates", "dateOfBirth", date)).post("/api/patients")
                    .then()).body("violations[0].field", equalTo("dateOfBirth"))
                    .body("violations[0].message", equalTo("must be between 0001-01-01 and 9999-12-31"));
            invalid(caller(path).contentType(MERGE_PATCH)
                    .body(Map.of("lastVisitAt", date + "T00:00:00")).patch("/api/patients/{id}", patient).then())
                    .body("violations[0].field", equalTo("lastVisitAt"));
            invalid(caller(path).contentType("application/json").body(Map.of("customerId", 87, "clinicId", 1,
                    "startsAt", date + "T10:00:00")).post("/api/reservations").then())
                    .body("violations[0].field", equalTo("startsAt"))
                    .body("violations[0].message", equalTo("must be between 0001-01-01 and 9999-12-31"));
        }
        caller(path).contentType(MERGE_PATCH)
                .body(Map.of("dateOfBirth", "0001-01-01", "lastVisitAt", "9999-12-31T23:59:59"))
                .patch("/api/patients/{id}", patient).then().statusCode(200)
                .body("dateOfBirth", equalTo("0001-01-01")).body("lastVisitAt", equalTo("9999-12-31T23:59:59"));
    }
}
