package dev.normalizer.common;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.Eventually;
import dev.normalizer.testsupport.LogCapture;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Tokens;
import dev.normalizer.auth.Roles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that hangs up while its answer is being written (a timeout, a cancelled call, a load balancer giving up)
 * is no failure of the service: nothing at ERROR with a stack trace, which would page an operator for every cancelled
 * call, and the service goes on serving. The line it logs names the endpoint's method, not the request's path. The
 * client asks for the largest page, {@value #REQUESTS} times pipelined on one connection (more than the socket
 * buffers of loopback hold: 4 MiB at most), reads almost none of it through a tiny receive window, so that the
 * service blocks writing, then resets the connection.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ClientGoneTest {

    private static final int REQUESTS = 12;
    private static final String CLOSED = "The client closed the connection before the answer to "
            + "GET PatientResource.listPatients was written";

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aClientThatHangsUpMidAnswerIsNoErrorAndTheServiceGoesOn(ReadPath path) throws Exception {
        try (LogCapture log = LogCapture.of("")) {
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(1024);
                client.connect(new InetSocketAddress("localhost", RestAssured.port));
                OutputStream out = client.getOutputStream();
                byte[] request = ("GET /api/patients?size=200 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + Tokens.of(Api.user(path), 1, Roles.CLINICIAN) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < REQUESTS; i++) {
                    out.write(request);
                }
                out.flush();
                byte[] start = new byte[512];
                int read = client.getInputStream().read(start);
                assertEquals("HTTP/1.1 200", new String(start, 0, Math.min(read, 12), StandardCharsets.US_ASCII));
                Thread.sleep(300);
                client.setSoLinger(true, 0);
            }
            Eventually.until("the service noticed the client had gone", () -> log.contains(CLOSED),
                    Duration.ofSeconds(10));
            List<String> errors = log.matching("Unexpected failure");
            assertEquals(List.of(), errors, "a client gone is logged as an unexpected failure");
        }
        on(path).get("/api/patients?size=200").then().statusCode(200).body("size", equalTo(200));
    }
}
