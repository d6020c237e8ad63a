package dev.normalizer.customer;

import static dev.normalizer.testsupport.Api.on;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both read paths answer the same for every customer of the fixture, with their orders and reservations. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CustomerParityTest {

    private static void samePaths(int tenant, String uri) {
        Object legacy = on(ReadPath.LEGACY, tenant).get(uri).then().statusCode(200).extract().jsonPath().get("");
        Object normalized = on(ReadPath.NORMALIZED, tenant).get(uri).then().statusCode(200).extract().jsonPath()
                .get("");
        assertEquals(legacy, normalized, uri + " differs between the read paths for tenant " + tenant);
    }

    private static List<String[]> rows(String sql) {
        return Sql.column(sql).stream().map(r -> r.toString().split(":")).toList();
    }

    @Test
    void everyFixtureCustomerWithOrdersAndReservationsReadsTheSame() {
        List<String[]> customers = rows("SELECT id || ':' || tenant_id FROM users WHERE is_customer AND id <= 150 "
                + "ORDER BY id");
        assertEquals(122, customers.size());
        for (String[] c : customers) {
            int tenant = Integer.parseInt(c[1]);
            samePaths(tenant, "/api/customers/" + c[0]);
            samePaths(tenant, "/api/customers/" + c[0] + "/orders");
            samePaths(tenant, "/api/customers/" + c[0] + "/reservations");
        }
    }

    @Test
    void everyOrderReservationAndListPageReadsTheSame() {
        for (String[] o : rows("SELECT id || ':' || tenant_id FROM orders ORDER BY id")) {
            samePaths(Integer.parseInt(o[1]), "/api/orders/" + o[0]);
        }
        for (String[] r : rows("SELECT id || ':' || tenant_id FROM reservations ORDER BY id")) {
            samePaths(Integer.parseInt(r[1]), "/api/reservations/" + r[0]);
        }
        for (int tenant = 1; tenant <= 2; tenant++) {
            samePaths(tenant, "/api/customers?size=200");
            for (Object company : Sql.column("SELECT id FROM companies WHERE tenant_id = ?", tenant)) {
                samePaths(tenant, "/api/companies/" + company + "/customers?size=200");
            }
        }
    }
}
