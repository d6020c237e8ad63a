package dev.normalizer.patient;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Until the contract step the legacy application keeps writing with its own SQL, as the table owner: to the
 * compatibility view {@code patients} and to the customer rows of {@code users}. Each write shows at once on both
 * read paths of the API.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class LegacyApplicationWritesApiTest {

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void patientInsertedUpdatedAndDeletedWithLegacySqlShowsOnBothPaths(ReadPath path) {
        long id = Sql.count("INSERT INTO patients (tenant_id, first_name, surname, allergy2, allergy2_severity) "
                + "VALUES (1, 'Legacy', ' Writer ', 'latex', 'high') RETURNING id");
        on(path).get("/api/patients/{id}", id).then().statusCode(200)
                .body("firstName", equalTo("Legacy")).body("surname", equalTo(" Writer "))
                .body("allergy2", equalTo("latex")).body("status", equalTo("active"));

        assertEquals(1, Sql.execute("UPDATE patients SET city = ?, allergy2 = NULL, allergy2_severity = NULL "
                + "WHERE id = ?", "Sligo " + path, id));
        on(path).get("/api/patients/{id}", id).then().statusCode(200)
                .body("city", equalTo("Sligo " + path)).body("allergy2", nullValue());

        assertEquals(1, Sql.execute("DELETE FROM patients WHERE id = ?", id));
        on(path).get("/api/patients/{id}", id).then().statusCode(404);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void customerChangedWithLegacySqlInUsersShowsOnBothPaths(ReadPath path) {
        long id = Sql.count("SELECT max(id) FROM users WHERE is_customer AND tenant_id = 1");
        assertEquals(1, Sql.execute("UPDATE users SET city = ?, first_name = ? WHERE id = ?", "Legacy City " + path,
                "Renamed " + path, id));
        on(path).get("/api/customers/{id}", id).then().statusCode(200)
                .body("city", equalTo("Legacy City " + path)).body("firstName", equalTo("Renamed " + path));
    }
}
