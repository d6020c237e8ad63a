package dev.normalizer.readpath;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.normalizer.auth.Roles;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A start while the Unleash server is unreachable: the SDK serves the flags of its backup file (here: on for
 * everyone, where the bootstrap says off), and readiness names the backup file as their source.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(FlagsFromBackupFileTest.ServerDown.class)
class FlagsFromBackupFileTest {

    public static class ServerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path backup = Path.of("target", "flags-from-backup-file", "toggles.json");
                Files.createDirectories(backup.getParent());
                Files.writeString(backup, """
                        {"version": 2, "features": [{"name": "%s", "type": "release", "enabled": true,
                          "strategies": [{"name": "default", "parameters": {}}]}]}
                        """.formatted(ReadPathResolver.FLAG));
                int closedPort;
                try (ServerSocket socket = new ServerSocket(0)) {
                    closedPort = socket.getLocalPort();
                }
                return Map.of("unleash.url", "http://127.0.0.1:" + closedPort + "/api/",
                        "unleash.backup-file", backup.toString(),
                        "unleash.bootstrap-file", "",
                        "normalized.schema.enabled", "false");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void flagsComeFromTheBackupFileAndReadinessSaysSo() {
        Api.bearer(Tokens.of(Api.LEGACY_USER, 1, Roles.CLINICIAN)).get("/api/patients?size=1")
                .then().statusCode(200).header(ReadPath.HEADER, equalTo("normalized"));
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'unleash' }.data.urlConfigured", equalTo(true))
                .body("checks.find { it.name == 'unleash' }.data.flagSource", equalTo(FlagSource.BACKUP_FILE));
    }
}
