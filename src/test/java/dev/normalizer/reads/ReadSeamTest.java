package dev.normalizer.reads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dual read stays one seam ({@link Reads}): no other class shadows a read, audits one, picks a read path or
 * reaches a legacy reader. A new read endpoint then has no way to do these by hand, and so none to forget one of
 * them: it asks {@link Reads}. Plain JUnit: it reads the sources, nothing else.
 */
class ReadSeamTest {

    private static final Path MAIN = Path.of("src/main/java/dev/normalizer");

    @Test
    void onlyTheSeamShadowsAndAuditsReads() throws IOException {
        // Holding a ShadowReads (a field or a parameter) is what comparing needs; its metric names are public.
        Pattern shadowsOrAudits = Pattern.compile("\\bShadowReads\\s+\\w+\\s*[,;)]|\\.recordRead\\(|\\.recordPage\\(");
        assertEquals(List.of(), mentioning(shadowsOrAudits, "reads/", "shadow/", "audit/"));
    }

    @Test
    void onlyTheSeamPicksAReadPathAndReachesTheLegacyReaders() throws IOException {
        // The audit and the shadow read the request's path too: the audit records it, the shadow acts on its variant.
        assertEquals(List.of(), mentioning(Pattern.compile("\\bRequestReadPath\\b|\\bLegacy\\w*Reader\\b"),
                "reads/", "readpath/", "shadow/", "audit/", "patient/read/", "customer/read/"));
    }

    /** The source files outside the given folders (of {@link #MAIN}) whose text matches. */
    private static List<String> mentioning(Pattern pattern, String... allowed) throws IOException {
        assertTrue(Files.isDirectory(MAIN), "run from the project's directory");
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> MAIN.relativize(file).toString().replace('\\', '/'))
                    .filter(name -> Stream.of(allowed).noneMatch(name::startsWith))
                    .filter(name -> pattern.matcher(read(MAIN.resolve(name))).find())
                    .sorted().toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
