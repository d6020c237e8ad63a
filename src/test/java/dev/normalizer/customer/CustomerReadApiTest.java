package dev.normalizer.customer;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Customer, order, reservation and company reads on both read paths, checked against the legacy tables. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CustomerReadApiTest {

    /** The contract's keys in docs/endpoints.md's order, with publicId right after id, as every record has since V6. */
    static final List<String> CUSTOMER_KEYS = List.of("id", "publicId", "email", "firstName", "lastName", "phone", "companyId",
            "homeClinicId", "age", "sex", "medicalConditions", "city", "dietaryRestrictions", "preferences", "notes",
            "lastLoginAt", "createdAt", "updatedAt");

    private static long firstCustomer(String condition) {
        return Sql.count("SELECT min(id) FROM users WHERE is_customer AND tenant_id = 1 AND " + condition);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void customerHasExactlyTheContractKeysAndNoPassword(ReadPath path) {
        long id = firstCustomer("preferences IS NOT NULL");
        Map<String, Object> customer = on(path).get("/api/customers/{id}", id).then().statusCode(200)
                .body("email", equalTo(Sql.value("SELECT email FROM users WHERE id = ?", id)))
                .extract().jsonPath().getMap("");
        assertEquals(CUSTOMER_KEYS, keysInOrder(on(path).get("/api/customers/{id}", id).asString()));
        assertInstanceOf(Map.class, customer.get("preferences"), "preferences is a JSON object");
        String body = on(path).get("/api/customers/{id}", id).asString();
        assertEquals(-1, body.indexOf("$2"), "no bcrypt hash in " + body);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void staffUnknownAndForeignIdsAre404(ReadPath path) {
        long staff = Sql.count("SELECT min(id) FROM users WHERE NOT is_customer AND tenant_id = 1");
        long foreign = Sql.count("SELECT min(id) FROM users WHERE is_customer AND tenant_id = 2");
        for (long id : new long[] {staff, foreign, 999_999}) {
            on(path).get("/api/customers/{id}", id).then().statusCode(404).contentType("application/problem+json");
        }
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void emailFilterIgnoresCaseAndShowsEveryLegacyDuplicate(ReadPath path) {
        List<Object> duplicates = Sql.column("SELECT id FROM users WHERE is_customer AND tenant_id = 1 "
                + "AND lower(email) = 'user113@example.com' ORDER BY id");
        assertEquals(2, duplicates.size());
        on(path).queryParam("email", "USER113@Example.COM").get("/api/customers").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", equalTo(duplicates.stream().map(i -> ((Number) i).intValue()).toList()));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void companyFilterAndCompanyCustomersAgree(ReadPath path) {
        long inCompany = Sql.count("SELECT count(*) FROM customers WHERE company_id = 1");
        on(path).queryParam("companyId", 1).queryParam("size", 200).get("/api/customers").then().statusCode(200)
                .body("total", equalTo((int) inCompany)).body("items.companyId", everyItem(equalTo(1)));
        on(path).get("/api/companies/1/customers?size=200").then().statusCode(200)
                .body("total", equalTo((int) inCompany)).body("items", hasSize((int) inCompany));
        on(path).get("/api/companies/5/customers").then().statusCode(404).contentType("application/problem+json");
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void orphanCustomersBelongToTheDefaultCompany(ReadPath path) {
        long orphan = Sql.count("SELECT min(c.id) FROM customers c JOIN companies d ON d.id = c.company_id "
                + "WHERE d.is_default AND c.tenant_id = 1");
        int defaultCompany = (int) Sql.count("SELECT id FROM companies WHERE tenant_id = 1 AND is_default");
        on(path).get("/api/customers/{id}", orphan).then().statusCode(200).body("companyId", equalTo(defaultCompany));
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void customerOrdersAndReservationsArePagedById(ReadPath path) {
        long customer = Sql.count("SELECT min(user_id) FROM orders WHERE tenant_id = 1");
        List<Integer> orders = Sql.column("SELECT id FROM orders WHERE user_id = ? ORDER BY id", customer).stream()
                .map(i -> ((Number) i).intValue()).toList();
        on(path).get("/api/customers/{id}/orders", customer).then().statusCode(200)
                .body("total", equalTo(orders.size())).body("items.id", equalTo(orders))
                .body("items.customerId", everyItem(equalTo((int) customer)));
        long booker = Sql.count("SELECT min(user_id) FROM reservations WHERE tenant_id = 1");
        List<Integer> reservations = Sql.column("SELECT id FROM reservations WHERE user_id = ? ORDER BY id", booker)
                .stream().map(i -> ((Number) i).intValue()).toList();
        on(path).get("/api/customers/{id}/reservations?size=1", booker).then().statusCode(200)
                .body("total", equalTo(reservations.size())).body("items.id", equalTo(reservations.subList(0, 1)));
        on(path).get("/api/customers/999999/orders").then().statusCode(404);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void orderAndReservationByIdHaveTheContractKeys(ReadPath path) {
        long order = Sql.count("SELECT min(id) FROM orders WHERE tenant_id = 1");
        on(path).get("/api/orders/{id}", order).then().statusCode(200)
                .body("companyId", equalTo(((Number) Sql.value("SELECT company_id FROM orders WHERE id = ?", order))
                        .intValue()));
        assertEquals(List.of("id", "publicId", "customerId", "companyId", "clinicId", "totalCents", "currency", "status",
                "placedAt"), keysInOrder(on(path).get("/api/orders/{id}", order).asString()));
        long reservation = Sql.count("SELECT min(id) FROM reservations WHERE tenant_id = 1");
        assertEquals(List.of("id", "publicId", "customerId", "clinicId", "startsAt", "durationMin", "partySize", "status",
                "notes", "createdAt"), keysInOrder(on(path).get("/api/reservations/{id}", reservation).asString()));
        long foreignOrder = Sql.count("SELECT min(id) FROM orders WHERE tenant_id = 2");
        on(path).get("/api/orders/{id}", foreignOrder).then().statusCode(404);
        on(path).get("/api/reservations/999999").then().statusCode(404);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void listsPageWithTotal(ReadPath path) {
        List<Integer> ids = Sql.column("SELECT id FROM customers WHERE tenant_id = 1 ORDER BY id").stream()
                .map(i -> ((Number) i).intValue()).toList();
        on(path).get("/api/customers?page=1&size=7").then().statusCode(200)
                .body("page", equalTo(1)).body("size", equalTo(7)).body("total", equalTo(ids.size()))
                .body("items.id", equalTo(ids.subList(7, 14)))
                .body("items[0].keySet()", containsInAnyOrder(CUSTOMER_KEYS.toArray()));
    }

    /** The keys of a JSON object in the order the answer sends them. */
    static List<String> keysInOrder(String json) {
        try {
            List<String> keys = new ArrayList<>();
            new ObjectMapper().readTree(json).fieldNames().forEachRemaining(keys::add);
            return keys;
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
