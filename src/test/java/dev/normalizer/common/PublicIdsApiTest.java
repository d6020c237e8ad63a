package dev.normalizer.common;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every record carries its prefixed public id, and every {id} in the API takes it as well as the number. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PublicIdsApiTest {

    /** An endpoint that shows one record, the table behind it, and its public id kind. */
    enum Endpoint {
        PATIENT("/api/patients/", PublicId.PATIENT, ""),
        CUSTOMER("/api/customers/", PublicId.CUSTOMER, ""),
        ORDER("/api/orders/", PublicId.ORDER, ""),
        RESERVATION("/api/reservations/", PublicId.RESERVATION, ""),
        COMPANY_CUSTOMERS("/api/companies/", PublicId.COMPANY, "/customers");

        final String path;
        final PublicId kind;
        final String suffix;

        Endpoint(String path, PublicId kind, String suffix) {
            this.path = path;
            this.kind = kind;
            this.suffix = suffix;
        }

        String uri(Object id) {
            return path + id + suffix;
        }

        /** The (id, public id) of the first row of the tenant that has an answer on this endpoint. */
        Object[] first(int tenant) {
            Object id = Sql.value("SELECT min(id) FROM " + kind.table() + " WHERE tenant_id = ?", tenant);
            return new Object[] {id, Sql.value("SELECT public_id FROM " + kind.table() + " WHERE id = ?", id)};
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void everyRecordShowsItsPublicId(ReadPath path) {
        for (Endpoint e : new Endpoint[] {Endpoint.PATIENT, Endpoint.CUSTOMER, Endpoint.ORDER, Endpoint.RESERVATION}) {
            Object[] row = e.first(1);
            on(path).get(e.uri(row[0])).then().statusCode(200)
                    .body("publicId", equalTo(row[1]))
                    .body("publicId", matchesPattern(e.kind.prefix() + "[a-z][a-z0-9]{23}"));
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void thePublicIdNamesTheSameRecordAsTheNumber(ReadPath path) {
        for (Endpoint e : Endpoint.values()) {
            Object[] row = e.first(1);
            Object byNumber = on(path).get(e.uri(row[0])).then().statusCode(200).extract().jsonPath().get("");
            Object byPublicId = on(path).get(e.uri(row[1])).then().statusCode(200).extract().jsonPath().get("");
            assertEquals(byNumber, byPublicId, e.name());
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void anotherTenantsPublicIdIs404NamingOnlyThatId(ReadPath path) {
        for (Endpoint e : Endpoint.values()) {
            Object[] foreign = e.first(2);
            on(path, 1).get(e.uri(foreign[1])).then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("detail", equalTo(e.kind.noun() + " " + foreign[1] + " does not exist"));
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void malformedOrForeignKindsOfIdAre400(ReadPath path) {
        String customerId = (String) Endpoint.CUSTOMER.first(1)[1];
        for (String bad : new String[] {"pat_NOT-A-CUID", "pat_", "pat_a", customerId}) {
            on(path).get("/api/patients/" + bad).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("violations[0].field", equalTo("id"));
        }
        on(path).get("/api/patients/pat_" + "q".repeat(24)).then().statusCode(404);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aNewPatientGetsAPublicIdAndAClientMaySendItBack(ReadPath path) {
        Map<String, Object> created = on(path).contentType("application/json")
                .body("{\"firstName\": \"Ada\", \"surname\": \"Public\"}").post("/api/patients")
                .then().statusCode(201).body("publicId", matchesPattern("pat_[a-z][a-z0-9]{23}"))
                .extract().jsonPath().getMap("");
        String publicId = (String) created.get("publicId");
        created.put("surname", "Public-Ids");
        on(path).contentType("application/json").body(created).put("/api/patients/" + publicId)
                .then().statusCode(200).body("publicId", equalTo(publicId)).body("surname", equalTo("Public-Ids"));
    }
}
