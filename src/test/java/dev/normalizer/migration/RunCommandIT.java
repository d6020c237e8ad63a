package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A new user's first start, as the README's run command makes it: the packaged jar with the dev profile on its own
 * embedded PostgreSQL. The first start loads the legacy sample and migrates it as production is migrated; both read
 * paths then serve it alike; a restart keeps it without loading it again; the log holds no key; and a stopped
 * service leaves no file behind in the temp directory. A failsafe test, because it needs the built jar.
 */
class RunCommandIT {

    private static final Path JAR = Path.of(System.getProperty("service.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final Path HOME = Path.of("target", "run-command-it");
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final String LOADED = "Loaded the legacy sample";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFirstStartServesTheMigratedLegacySampleOnBothPathsAndARestartKeepsIt() throws Exception {
        deleteRecursively(HOME);
        Files.createDirectories(HOME);
        Path dataDir = HOME.resolve("postgres");

        Path firstLog = HOME.resolve("first-start.log");
        long pid;
        try (ServiceProcess service = start(dataDir, firstLog)) {
            pid = service.pid();
            assertEquals(300, patients(service, 1) + patients(service, 2), "the sample's patients, both tenants");
            HttpResponse<String> legacy = get(service, "/api/patients/2", Map.of("X-Tenant-Id", "1"));
            HttpResponse<String> normalized = get(service, "/api/patients/2",
                    Map.of("X-Tenant-Id", "1", "X-User-Id", "normalized-path-user"));
            assertEquals("legacy", legacy.headers().firstValue("X-Read-Path").orElseThrow());
            assertEquals("normalized", normalized.headers().firstValue("X-Read-Path").orElseThrow());
            assertEquals(JSON.readTree(legacy.body()), JSON.readTree(normalized.body()));
            service.stop();
        }
        String first = Files.readString(firstLog);
        assertTrue(first.contains(LOADED), "the first start loads the sample: " + firstLog);
        assertTrue(first.contains("Migrating schema \"public\" to version \"10 - "), "then migrates it");
        assertFalse(first.contains("PRIVATE KEY") || first.contains("sign.key"), "no key in " + firstLog);
        try (Stream<Path> temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertEquals("[]", temp.filter(path -> path.getFileName().toString().startsWith("unleash-" + pid + "-"))
                    .toList().toString(), "the stopped service left its flags' backup behind");
        }

        Path secondLog = HOME.resolve("second-start.log");
        try (ServiceProcess service = start(dataDir, secondLog)) {
            assertEquals(300, patients(service, 1) + patients(service, 2), "kept, not loaded twice");
        }
        assertFalse(Files.readString(secondLog).contains(LOADED), "a restart does not load the sample again");
    }

    private static ServiceProcess start(Path dataDir, Path log) throws Exception {
        ServiceProcess service = ServiceProcess.startAsRunCommand(JAR, dataDir, Map.of(), log);
        service.awaitAnswer("/q/health/ready", response -> response.statusCode() == 200, READY_WITHIN);
        return service;
    }

    private static long patients(ServiceProcess service, int tenant) throws Exception {
        JsonNode page = JSON.readTree(get(service, "/api/patients?size=1", Map.of("X-Tenant-Id",
                Integer.toString(tenant))).body());
        return page.path("total").asLong();
    }

    private static HttpResponse<String> get(ServiceProcess service, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
