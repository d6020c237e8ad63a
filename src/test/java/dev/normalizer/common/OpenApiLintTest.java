package dev.normalizer.common;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.testsupport.NpmPackage;
import dev.normalizer.testsupport.OpenApiValidation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Redocly (npm {@code @redocly/cli}, pinned) finds no error in the published OpenAPI document under the repository's
 * {@code redocly.yaml}: its {@code recommended} rules, and every rule turned off says why there. Warnings are allowed
 * and logged with their count.
 *
 * <p>The package is installed once per machine ({@link NpmPackage}); without {@code node} the test skips, as the real
 * Unleash server's test does. By hand: {@code npx @redocly/cli@2.77.0 lint docs/openapi.json --config=redocly.yaml}.
 */
class OpenApiLintTest {

    static final NpmPackage REDOCLY = new NpmPackage("@redocly/cli", "2.77.0");
    static final String CACHE_DIR_PROPERTY = "normalizer-test.redocly-cli.cache-dir";

    private static final Logger LOG = Logger.getLogger(OpenApiLintTest.class);
    private static final Path CONFIG = Path.of("redocly.yaml");
    private static final long RUN_TIMEOUT_SECONDS = 120;
    private static final int WARNINGS_SHOWN = 20;

    @Test
    void redoclyFindsNoErrorInTheDocument() throws IOException, InterruptedException {
        assumeTrue(NpmPackage.nodeInstalled(), "node is not installed: redocly cannot run here");
        assertTrue(Files.exists(CONFIG), "the redocly configuration " + CONFIG.toAbsolutePath() + " is missing");
        assertTrue(Files.exists(OpenApiValidation.DOCUMENT), OpenApiValidation.DOCUMENT.toAbsolutePath() + " is missing");
        Path redocly = REDOCLY.install(CACHE_DIR_PROPERTY).resolve("node_modules").resolve(".bin").resolve("redocly");

        // Every problem in the JSON, not redocly's first 100: the totals count them all, and so does the message.
        ProcessBuilder builder = new ProcessBuilder(redocly.toString(), "lint", OpenApiValidation.DOCUMENT.toString(),
                "--config=" + CONFIG, "--format=json", "--max-problems=" + Integer.MAX_VALUE);
        // A test run sends nothing anywhere: no usage data, no look-up of a newer version.
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process p = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        p.getOutputStream().close();
        if (!p.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            NpmPackage.kill(p.toHandle());
            fail("redocly did not finish within " + RUN_TIMEOUT_SECONDS + " s: " + builder.command());
        }
        String json = out.join().strip();
        // 0: no error, 1: errors (they are in the JSON); anything else, or no JSON, is redocly failing.
        if (p.exitValue() > 1 || !json.startsWith("{")) {
            fail("redocly failed (exit " + p.exitValue() + "): " + builder.command() + "\n" + json + "\n" + err.join());
        }
        JsonNode report = new ObjectMapper().readTree(json);
        int errors = report.path("totals").path("errors").asInt();
        int warnings = report.path("totals").path("warnings").asInt();
        LOG.infof("redocly %s: %d error(s), %d warning(s) in %s", REDOCLY.version(), errors, warnings,
                OpenApiValidation.DOCUMENT);
        if (errors > 0 || p.exitValue() != 0) {
            fail("redocly " + REDOCLY.version() + " finds " + errors + " error(s) and " + warnings + " warning(s) in "
                    + OpenApiValidation.DOCUMENT + " (exit " + p.exitValue() + "; the rules turned off, each with its"
                    + " reason, are in " + CONFIG + "):\n" + problems(report));
        }
    }

    /** Every error, then the first {@value #WARNINGS_SHOWN} warnings and how many more each rule gave. */
    private static String problems(JsonNode report) {
        List<String> lines = new ArrayList<>();
        Map<String, Integer> hidden = new TreeMap<>();
        int shown = 0;
        for (String severity : List.of("error", "warn")) {
            for (JsonNode problem : report.path("problems")) {
                if (!severity.equals(problem.path("severity").asText())) {
                    continue;
                }
                if (severity.equals("error") || shown++ < WARNINGS_SHOWN) {
                    lines.add(describe(problem));
                } else {
                    hidden.merge(problem.path("ruleId").asText(), 1, Integer::sum);
                }
            }
        }
        if (!hidden.isEmpty()) {
            lines.add("  and more warnings: " + hidden);
        }
        return String.join("\n", lines);
    }

    /** {@code error operation-4xx-response at #/paths/~1api~1x/get/responses: Operation must have ...}. */
    private static String describe(JsonNode problem) {
        StringBuilder line = new StringBuilder("  ").append(problem.path("severity").asText()).append(' ')
                .append(problem.path("ruleId").asText());
        problem.path("location").forEach(location -> line.append(" at ").append(location.path("pointer").asText()));
        return line.append(": ").append(problem.path("message").asText()).toString();
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
