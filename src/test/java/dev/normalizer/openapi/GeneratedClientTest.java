package dev.normalizer.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import consumer.client.ApiClient;
import consumer.client.api.CustomersApi;
import consumer.client.api.OrdersApi;
import consumer.client.api.PatientsApi;
import consumer.client.model.CustomerRecord;
import consumer.client.model.LoginRequest;
import consumer.client.model.OrderRecord;
import consumer.client.model.OrderRequest;
import consumer.client.model.PagePatientRecord;
import consumer.client.model.PatientInput;
import consumer.client.model.PatientPatch;
import consumer.client.model.PatientRecord;
import consumer.client.model.ProfileRequest;
import consumer.client.model.RegistrationRequest;
import dev.normalizer.auth.Roles;
import dev.normalizer.patient.columns.PatientColumn;
import dev.normalizer.patient.columns.PatientColumns;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A consumer's view: the Java client that openapi-generator 7.25.0 (native library) generates from
 * docs/openapi.json at test time reads a patient, a customer, an order and a page with every field populated, on
 * both read paths, and loses nothing: each model, written back as JSON, is the service's own answer.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class GeneratedClientTest {

    private static final int TENANT = 1;
    /** Both sides parsed alike, so that 12.5 from the wire and from a BigDecimal compare equal. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static Written written;

    /** The records written once through the generated client, every field given a value. */
    private record Written(long patient, String surname, long customer, long order) {
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void readsAPatientWithEveryFieldAsServed(ReadPath path) throws Exception {
        Written records = written();
        PatientRecord patient = new PatientsApi(client(path)).getPatient(Long.toString(records.patient()), null);
        assertEverythingKept(patient, "/api/patients/" + records.patient(), path);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void readsAPageOfPatientsAsServed(ReadPath path) throws Exception {
        Written records = written();
        PagePatientRecord page = new PatientsApi(client(path)).listPatients(null, null, null, 0, 10,
                records.surname(), null);
        assertEquals(1, page.getItems().size());
        assertEverythingKept(page, "/api/patients?surname=" + records.surname() + "&page=0&size=10", path);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void readsACustomerWithEveryFieldAsServed(ReadPath path) throws Exception {
        Written records = written();
        CustomerRecord customer = new CustomersApi(client(path)).getCustomer(Long.toString(records.customer()), null);
        assertEverythingKept(customer, "/api/customers/" + records.customer(), path);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void readsAnOrderWithEveryFieldAsServed(ReadPath path) throws Exception {
        Written records = written();
        OrderRecord order = new OrdersApi(client(path)).getOrder(Long.toString(records.order()), null);
        assertEverythingKept(order, "/api/orders/" + records.order(), path);
    }

    /** The model, as the client's own mapper writes it, is the answer: no key lost, none null, no value changed. */
    private static void assertEverythingKept(Object model, String uri, ReadPath path) throws Exception {
        JsonNode served = JSON.readTree(Api.on(path).get(uri).then().statusCode(200).extract().asString());
        assertNoNull(served, uri);
        JsonNode read = JSON.readTree(client(path).getObjectMapper().writeValueAsString(model));
        assertEquals(served, read, uri + " through the generated client");
    }

    private static void assertNoNull(JsonNode node, String where) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertTrue(!field.getValue().isNull(), where + ": " + field.getKey() + " is null, not populated");
                assertNoNull(field.getValue(), where + "." + field.getKey());
            }
        } else if (node.isArray()) {
            node.forEach(item -> assertNoNull(item, where));
        }
    }

    private static ApiClient client(ReadPath path) {
        return client(Tokens.of(Api.user(path), TENANT, Roles.CLINICIAN));
    }

    private static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + RestAssured.port);
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    /** Writes, through the generated client, a patient, a customer and an order with every field populated. */
    private static synchronized Written written() throws Exception {
        if (written != null) {
            return written;
        }
        ApiClient clinician = client(ReadPath.LEGACY);
        String surname = "Generated" + System.nanoTime();
        ObjectNode values = JSON.createObjectNode();
        for (PatientColumn<?> column : PatientColumns.ALL) {
            if (column.write() != PatientColumn.Write.SERVER) {
                values.set(column.key(), JSON.valueToTree(valueOf(column)));
            }
        }
        values.put("surname", surname);
        int company = ((Number) Sql.value("SELECT min(id) FROM companies WHERE tenant_id = ?", TENANT)).intValue();
        int clinic = ((Number) Sql.value("SELECT min(id) FROM clinics WHERE tenant_id = ?", TENANT)).intValue();
        values.put("preferredClinicId", clinic);
        PatientsApi patients = new PatientsApi(clinician);
        PatientRecord created = patients.createPatient(clinician.getObjectMapper().treeToValue(values,
                PatientInput.class), null);
        long patient = created.getId();
        // The first change sets updatedAt, the one server-set key a new record leaves null.
        patients.patchPatient(Long.toString(patient), new PatientPatch().notes("changed once"), null);

        CustomersApi selfService = new CustomersApi(client((String) null));
        String email = surname.toLowerCase() + "@mail.example";
        String password = "correct horse battery staple";
        RegistrationRequest registration = new RegistrationRequest().email(email).password(password)
                .companyId(company).homeClinicId(clinic).firstName("Ada").lastName(surname).phone("+44 7700 900123")
                .age(41).sex("F").medicalConditions("asthma").city("Cork").dietaryRestrictions("vegetarian")
                .preferences(Map.of("newsletter", true)).notes("generated");
        long customer = selfService.registerCustomer(TENANT, registration, null).getId();
        selfService.login(TENANT, new LoginRequest().email(email).password(password), null);
        new CustomersApi(clinician).updateProfile(Long.toString(customer), new ProfileRequest().firstName("Ada")
                .lastName(surname).phone("+44 7700 900124").age(42).sex("F").medicalConditions("asthma")
                .city("Cork").dietaryRestrictions("vegan").preferences(Map.of("newsletter", false))
                .notes("updated"), null);
        long order = new OrdersApi(clinician).placeOrder(new OrderRequest().customerId(customer).clinicId(clinic)
                .totalCents(4250L).currency("EUR"), null).getId();
        written = new Written(patient, surname, customer, order);
        return written;
    }

    /** A value of the column's type that fits it. */
    private static Object valueOf(PatientColumn<?> column) {
        Map<Class<?>, Function<Integer, Object>> values = new LinkedHashMap<>();
        values.put(String.class, length -> length == 0 ? "text" : "abcdefgh".substring(0, Math.min(length, 8)));
        values.put(LocalDate.class, length -> "2001-02-03");
        values.put(LocalDateTime.class, length -> "2001-02-03T04:05:06.123456");
        values.put(Boolean.class, length -> true);
        values.put(Short.class, length -> 3);
        values.put(Integer.class, length -> 7);
        values.put(Long.class, length -> 9L);
        values.put(BigDecimal.class, length -> new BigDecimal("12.5"));
        return values.get(column.type().javaType()).apply(column.type().maxLength());
    }
}
