package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import db.migration.ShortLocks;
import dev.normalizer.testsupport.NpmPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * squawk (npm {@code squawk-cli}, pinned) lints every migration script as the runner runs it, under the repository's
 * {@code .squawk.toml}; every rule it turns off says why there.
 *
 * <ul>
 * <li>{@code db/migration} and {@code db/contract}: Flyway runs each in a transaction unless its {@code .sql.conf}
 *     says {@code executeInTransaction=false}, hence {@code --assume-in-transaction} or not.</li>
 * <li>{@code db/expand}: {@code ShortLockedScript} runs each in Flyway's transaction after {@link ShortLocks} has set
 *     {@code SET LOCAL lock_timeout} (and retries on a timeout). squawk sees that line in front of the script, as the
 *     database does; the line numbers reported are the script's own.</li>
 * </ul>
 *
 * The package is installed once per machine ({@link NpmPackage}); without {@code node} the test skips, as the real
 * Unleash server's test does. By hand: {@code npx squawk-cli@2.66.0 --assume-in-transaction <file>} (docs/dba.md).
 */
class MigrationLintTest {

    static final NpmPackage SQUAWK = new NpmPackage("squawk-cli", "2.66.0");
    static final String CACHE_DIR_PROPERTY = "normalizer-test.squawk-cli.cache-dir";

    private static final Path RESOURCES = Path.of("src", "main", "resources");
    private static final Path CONFIG = Path.of(".squawk.toml");
    private static final long RUN_TIMEOUT_SECONDS = 120;

    @Test
    void squawkFindsNothingInAnyMigration() throws IOException, InterruptedException {
        assumeTrue(NpmPackage.nodeInstalled(), "node is not installed: squawk cannot run here");
        assertTrue(Files.exists(CONFIG), "the squawk configuration " + CONFIG.toAbsolutePath() + " is missing");
        Path squawk = SQUAWK.install(CACHE_DIR_PROPERTY).resolve("node_modules").resolve(".bin").resolve("squawk");

        List<Path> inTransaction = new ArrayList<>();
        List<Path> outside = new ArrayList<>();
        for (Path script : scripts("db/migration", "db/contract")) {
            (runsOutsideTransaction(script) ? outside : inTransaction).add(script);
        }
        List<Path> expand = scripts("db/expand");

        List<Violation> violations = new ArrayList<>();
        violations.addAll(lint(squawk, inTransaction, true));
        violations.addAll(lint(squawk, outside, false));
        String shortLocks = "SET LOCAL lock_timeout = '" + ShortLocks.LOCK_TIMEOUT + "';\n";
        for (Path script : expand) {
            violations.addAll(lintAfter(squawk, script, shortLocks));
        }

        violations.sort(Comparator.comparing(Violation::file).thenComparingInt(Violation::line)
                .thenComparing(Violation::rule));
        if (!violations.isEmpty()) {
            fail(violations.size() + " squawk violation(s) in " + violations.stream().map(Violation::file).distinct()
                    .count() + " migration(s) (the rules turned off, each with its reason, are in " + CONFIG + "):\n"
                    + violations.stream().map(Violation::toString).collect(Collectors.joining("\n")));
        }
    }

    /** The .sql files of these class-path locations, as paths relative to the project (absent ones are skipped). */
    private static List<Path> scripts(String... locations) throws IOException {
        List<Path> scripts = new ArrayList<>();
        for (String location : locations) {
            Path dir = RESOURCES.resolve(location);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().forEach(scripts::add);
                }
            }
        }
        return scripts;
    }

    /** Flyway's rule: a script runs in a transaction unless its .sql.conf says executeInTransaction=false. */
    private static boolean runsOutsideTransaction(Path script) throws IOException {
        Path conf = script.resolveSibling(script.getFileName() + ".conf");
        return Files.exists(conf) && Files.readAllLines(conf).stream().map(String::strip)
                .anyMatch("executeInTransaction=false"::equals);
    }

    private static List<Violation> lint(Path squawk, List<Path> scripts, boolean assumeInTransaction)
            throws IOException, InterruptedException {
        if (scripts.isEmpty()) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of(squawk.toString(), "--config=" + CONFIG, "--reporter=json",
                "--no-error-on-unmatched-pattern",
                assumeInTransaction ? "--assume-in-transaction" : "--no-assume-in-transaction"));
        scripts.forEach(s -> command.add(s.toString()));
        return run(command, null, 0);
    }

    /** Lints {@code script} as the database sees it after {@code prologue}, which must be one line. */
    private static List<Violation> lintAfter(Path squawk, Path script, String prologue)
            throws IOException, InterruptedException {
        List<String> command = List.of(squawk.toString(), "--config=" + CONFIG, "--reporter=json",
                "--assume-in-transaction", "--stdin-filepath=" + script);
        return run(command, prologue + Files.readString(script), 1);
    }

    private static List<Violation> run(List<String> command, String stdin, int prologueLines)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            NpmPackage.kill(p.toHandle());
            fail("squawk did not finish within " + RUN_TIMEOUT_SECONDS + " s: " + command);
        }
        String json = out.join().strip();
        // 0: nothing found, 1: violations found (they are in the JSON); anything else is squawk failing.
        if (p.exitValue() > 1 || !json.startsWith("[")) {
            fail("squawk failed (exit " + p.exitValue() + "): " + command + "\n" + json + "\n" + err.join());
        }
        List<Violation> violations = new ArrayList<>();
        for (JsonNode v : new ObjectMapper().readTree(json)) {
            // squawk counts lines from 0.
            violations.add(new Violation(v.path("file").asText(), v.path("line").asInt() + 1 - prologueLines,
                    v.path("column").asInt() + 1, v.path("rule_name").asText(), v.path("message").asText(),
                    v.path("help").isTextual() ? v.path("help").asText() : ""));
        }
        assertEquals(p.exitValue() == 1, !violations.isEmpty(),
                "squawk's exit code " + p.exitValue() + " disagrees with its report: " + json);
        return violations;
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    record Violation(String file, int line, int column, String rule, String message, String help) {
        @Override
        public String toString() {
            return "  " + file + ":" + line + ":" + column + " " + rule + ": " + message
                    + (help.isEmpty() ? "" : " (" + help + ")");
        }
    }
}
