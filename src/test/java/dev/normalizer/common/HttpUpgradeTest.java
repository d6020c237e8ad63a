package dev.normalizer.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Java's HttpClient, with its defaults, offers an HTTP/2 upgrade (h2c) on every plain-text request. Quarkus REST
 * answered such a GET with an empty 500 (quarkusio/quarkus#34393), so the service speaks HTTP/1.1 only, and a
 * consumer on Java's defaults gets its record.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HttpUpgradeTest {

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aClientOfferingAnHttp2UpgradeGetsItsRecordOverHttp11(ReadPath path) throws Exception {
        long id = Sql.count("SELECT min(id) FROM patient_core WHERE tenant_id = 1 AND NOT gdpr_restricted");
        HttpClient client = HttpClient.newHttpClient();
        assertEquals(HttpClient.Version.HTTP_2, client.version(), "Java's default offers the upgrade");
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/api/patients/" + id))
                .header("Authorization", "Bearer " + Tokens.of(Api.user(path), 1, Roles.CLINICIAN)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
        assertEquals(path.headerValue(), response.headers().firstValue(ReadPath.HEADER).orElseThrow());
    }
}
