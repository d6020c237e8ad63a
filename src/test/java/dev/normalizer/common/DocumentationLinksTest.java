package dev.normalizer.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README is the front door and the reference lives in docs/: a reader who follows any relative link of README.md
 * or docs/*.md lands on a file that exists and, for a {@code #anchor}, on a heading of that name as GitHub renders it.
 * Moving a section (issue 17) breaks links silently otherwise. Plain JUnit: it reads files, nothing else.
 */
class DocumentationLinksTest {

    /** The README stays a front door: what it is, the two commands, a tour, where the configuration is, links. */
    static final int README_MAX_LINES = 200;

    /** {@code [text](target)} or {@code ![alt](target)}, with an optional title; the text may hold one level of []. */
    private static final Pattern INLINE_LINK = Pattern.compile(
            "\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*(?<target><[^>]*>|[^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** A reference definition, {@code [name]: target}. */
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile(
            "^ {0,3}\\[[^\\]]+\\]:[ \\t]*(?<target><[^>]*>|\\S+)", Pattern.MULTILINE);
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}(?:\\s+(.*?))?\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private final Path root = Path.of("").toAbsolutePath();
    private final Map<Path, Set<String>> anchorsByFile = new HashMap<>();

    @Test
    void everyRelativeLinkOfTheDocumentationResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : documentationFiles()) {
            String text = outsideCode(Files.readAllLines(file, StandardCharsets.UTF_8));
            for (Matcher link : List.of(INLINE_LINK.matcher(text), REFERENCE_DEFINITION.matcher(text))) {
                while (link.find()) {
                    String target = unbracket(link.group("target"));
                    if (SCHEME.matcher(target).find()) {
                        continue; // http, https, mailto and the like: not this test's business
                    }
                    checked++;
                    int line = lineOf(text, link.start("target"));
                    problem(file, target).ifPresent(why -> broken.add(
                            root.relativize(file) + ":" + line + ": (" + target + ") " + why));
                }
            }
        }
        assertTrue(checked > 0, "no relative link in README.md and docs/*.md: is the working directory the project's?");
        assertTrue(broken.isEmpty(), broken.size() + " broken link(s) in the documentation:\n  "
                + String.join("\n  ", broken));
    }

    @Test
    void theReadmeIsAFrontDoorOfAtMost200Lines() throws IOException {
        int lines = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8).size();
        assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines, more than " + README_MAX_LINES
                + ": move reference material to a docs/ page and link it");
    }

    @Test
    void slugsAreGitHubs() {
        assertEquals("data-subject-requests-gdpr", slug("Data-subject requests (GDPR)"));
        assertEquals("several-replicas-and-indexes-on-large-tables",
                slug("Several replicas, and indexes on large tables"));
        assertEquals("the-online-expand-issue-14", slug("The online expand (issue 14)"));
        assertEquals("where-the-backfills-time-goes", slug("Where the backfill's time goes"));
        assertEquals("rolling-back-rollback---to-version", slug("Rolling back: `rollback --to <version>`"));
        assertEquals("several-linked-words_here", slug("Several [linked](x.md) words_here"));
    }

    private List<Path> documentationFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        assertTrue(Files.isRegularFile(files.get(0)), "README.md not found in " + root);
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /**
     * The file's text with fenced code blocks blanked out and code spans replaced by as many {@code x}, so that a link
     * may wrap across lines, offsets still give line numbers, and a link shown as code is not taken for one.
     */
    private static String outsideCode(List<String> lines) {
        StringBuilder text = new StringBuilder();
        boolean inFence = false;
        for (String line : lines) {
            boolean fence = FENCE.matcher(line).find();
            if (fence) {
                inFence = !inFence;
            }
            if (!fence && !inFence) {
                text.append(CODE_SPAN.matcher(line).replaceAll(m -> "x".repeat(m.group().length())));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    private static String unbracket(String target) {
        return target.startsWith("<") && target.endsWith(">") ? target.substring(1, target.length() - 1) : target;
    }

    /** Why a relative target of {@code from} does not resolve, or empty when it does. */
    private Optional<String> problem(Path from, String target) throws IOException {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        Path resolved = path.isEmpty() ? from
                : from.getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
        if (!Files.exists(resolved)) {
            return Optional.of("no such file: " + root.relativize(resolved));
        }
        if (anchor == null || anchor.isEmpty()) {
            return Optional.empty();
        }
        if (!resolved.getFileName().toString().endsWith(".md")) {
            return Optional.of("an anchor into a file that is not Markdown cannot be checked");
        }
        if (!anchors(resolved).contains(anchor)) {
            return Optional.of("no heading with the anchor #" + anchor + " in " + root.relativize(resolved));
        }
        return Optional.empty();
    }

    /** The anchors GitHub gives a Markdown file: one per heading outside code (repeats get -1, -2, ...), and HTML's. */
    private Set<String> anchors(Path file) throws IOException {
        Set<String> known = anchorsByFile.get(file);
        if (known != null) {
            return known;
        }
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1));
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String base = slug(heading.group(1) == null ? "" : heading.group(1).replaceAll("\\s+#+$", ""));
                int n = seen.merge(base, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? base : base + "-" + n);
            }
        }
        anchorsByFile.put(file, anchors);
        return anchors;
    }

    /**
     * GitHub's anchor of a heading: its text as rendered (a link's text, without markup), lower case, every character
     * but letters, digits, spaces, hyphens and underscores removed, and each space made a hyphen.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\([^)]*\\)", "$1");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }
}
