package dev.normalizer.patient;

import static dev.normalizer.testsupport.Api.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both read paths give the same JSON for every patient of the fixture, one by one and page by page. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PatientParityTest {

    private static Object fetch(ReadPath path, int tenant, String uri) {
        return on(path, tenant).get(uri).then().statusCode(200).extract().jsonPath().get("");
    }

    /** Restricted patients (GDPR) are served as the legacy table held them (RESTRICTED_RECORDS=serve, the default). */
    @Test
    void everyFixturePatientReadsTheSameOnBothPaths() {
        List<Object> rows = Sql.column("SELECT id || ':' || tenant_id || ':' || gdpr_restricted FROM patients_flat "
                + "ORDER BY id");
        assertEquals(300, rows.size());
        int restricted = 0;
        for (Object row : rows) {
            String[] idAndTenant = row.toString().split(":");
            String uri = "/api/patients/" + idAndTenant[0];
            int tenant = Integer.parseInt(idAndTenant[1]);
            Object legacy = fetch(ReadPath.LEGACY, tenant, uri);
            Object normalized = fetch(ReadPath.NORMALIZED, tenant, uri);
            assertEquals(legacy, normalized, "patient " + idAndTenant[0] + " differs between the read paths");
            assertEquals(186, ((Map<?, ?>) legacy).size(), "185 legacy columns and publicId");
            boolean flagged = Boolean.parseBoolean(idAndTenant[2]);
            assertEquals(flagged, ((Map<?, ?>) legacy).get("gdprRestricted"), "patient " + idAndTenant[0]);
            restricted += flagged ? 1 : 0;
        }
        assertEquals(7, restricted, "the fixture's restricted patients, served");
    }

    @Test
    void everyPageReadsTheSameOnBothPaths() {
        for (int tenant = 1; tenant <= 2; tenant++) {
            long total = Sql.count("SELECT count(*) FROM patient_core WHERE tenant_id = ?", tenant);
            assertTrue(total > 100);
            for (int page = 0; page * 40 < total; page++) {
                String uri = "/api/patients?size=40&page=" + page;
                assertEquals(fetch(ReadPath.LEGACY, tenant, uri), fetch(ReadPath.NORMALIZED, tenant, uri),
                        "tenant " + tenant + " page " + page + " differs between the read paths");
            }
        }
    }
}
