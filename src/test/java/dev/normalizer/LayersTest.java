package dev.normalizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers read top to bottom and no dependency runs back up, so that a reader can take the code one layer at a
 * time, and the lower layers can change without the upper ones in mind. Checked on the compiled main classes: a
 * class file names every class its class uses, whether imported, in the same package or written out in full.
 */
class LayersTest {

    /** Resources (the classes named {@code *Resource}) live with their feature, but belong to the API layer. */
    private static final String RESOURCES = "*Resource";

    /**
     * Bottom first. A class may use classes of its own layer and of the layers below, never of a layer above. A
     * package is in the layer of the nearest package listed here ({@code dev.normalizer.patient.read} in
     * {@code dev.normalizer.patient}'s); a new package must be placed before this test passes.
     */
    private static final List<List<String>> LAYERS = List.of(
            // problem+json, paging, request ids, JDBC and class-path helpers, the embedded database
            List.of("dev.normalizer.common"),
            // who calls (auth), in which tenant (tenancy), on which schema: the migrations Flyway finds and the
            // contract gate (schema)
            List.of("dev.normalizer.auth", "dev.normalizer.tenancy", "dev.normalizer.schema"),
            // what every read and write goes through: the read path, shadow reads, the audit trail, the integrity
            // checks, and the dual-read seam over them (reads)
            List.of("dev.normalizer.readpath", "dev.normalizer.shadow", "dev.normalizer.audit",
                    "dev.normalizer.integrity", "dev.normalizer.reads"),
            // the reads and writes of each feature: services, readers, writers, records, entities
            List.of("dev.normalizer.patient", "dev.normalizer.customer", "dev.normalizer.privacy",
                    "dev.normalizer.admin"),
            // the API: the resources, the OpenAPI document, the health checks
            List.of(RESOURCES, "dev.normalizer.openapi", "dev.normalizer.health"),
            // the entry points: Application, and the DBA's command line with the migration at start
            List.of("dev.normalizer", "dev.normalizer.migration"));

    /** The Java migrations: frozen once released, they may use {@code common} only, and nothing may use them. */
    private static final String JAVA_MIGRATIONS = "db.migration";

    private static final Pattern CLASS_NAME = Pattern.compile("(?:dev/normalizer|db/migration)(?:/[A-Za-z0-9_$]+)+");

    /** Every main class (top-level name) → the main classes it uses, itself left out. */
    private static final Map<String, Set<String>> USES = new TreeMap<>();

    @BeforeAll
    static void readClasses() throws IOException, URISyntaxException {
        Path root = Path.of(Application.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Set<String>> raw = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = topLevel(root.relativize(file).toString().replace('\\', '/').replaceAll("\\.class$", ""));
                raw.computeIfAbsent(name, n -> new TreeSet<>()).addAll(classNames(file));
            }
        }
        raw.forEach((name, used) -> USES.put(name, used.stream().map(LayersTest::topLevel)
                .filter(raw::containsKey).filter(u -> !u.equals(name)).collect(Collectors.toCollection(TreeSet::new))));
        assertTrue(USES.containsKey("dev.normalizer.Application") && USES.size() > 100,
                "read the main classes from " + root + ": " + USES.size());
    }

    @Test
    void noDependencyRunsBackUp() {
        List<String> upward = new ArrayList<>();
        List<String> unplaced = new ArrayList<>();
        USES.forEach((user, used) -> {
            if (isJavaMigration(user)) {
                return;
            }
            int from = layer(user, unplaced);
            for (String target : used.stream().filter(t -> !isJavaMigration(t)).toList()) {
                int to = layer(target, unplaced);
                if (to > from) {
                    upward.add(user + " (" + describe(from) + ") uses " + target + " (" + describe(to) + ")");
                }
            }
        });
        assertEquals(List.of(), unplaced.stream().distinct().toList(), "packages in no layer: place them in LAYERS");
        assertEquals(List.of(), upward, "dependencies that run back up");
    }

    @Test
    void javaMigrationsUseOnlyCommonAndNothingUsesThem() {
        List<String> wrong = new ArrayList<>();
        USES.forEach((user, used) -> used.forEach(target -> {
            if (isJavaMigration(user) && !isJavaMigration(target) && !packageOf(target).equals("dev.normalizer.common")
                    || !isJavaMigration(user) && isJavaMigration(target)) {
                wrong.add(user + " uses " + target);
            }
        }));
        assertEquals(List.of(), wrong);
    }

    /** Packages may lean on each other within a layer, but never in a circle (a feature's subpackages count as one). */
    @Test
    void modulesFormNoCycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        USES.forEach((user, used) -> used.forEach(target -> {
            if (!module(user).equals(module(target))) {
                graph.computeIfAbsent(module(user), m -> new TreeSet<>()).add(module(target));
            }
        }));
        for (String start : graph.keySet()) {
            List<String> cycle = cycleFrom(start, start, graph, new ArrayList<>(List.of(start)), new HashSet<>());
            assertEquals(List.of(), cycle, "modules that use each other in a circle");
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> graph, List<String> path,
            Set<String> seen) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, graph, path, seen);
                if (!found.isEmpty()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return List.of();
    }

    /** The index in LAYERS of the class's layer; a class of no layer is noted in {@code unplaced}. */
    private static int layer(String className, List<String> unplaced) {
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        String pkg = packageOf(className);
        int best = -1;
        int bestLength = -1;
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String entry : LAYERS.get(i)) {
                if (entry.equals(RESOURCES) ? simpleName.endsWith("Resource") && pkg.startsWith("dev.normalizer.")
                        : pkg.equals(entry) || pkg.startsWith(entry + ".") && !entry.equals("dev.normalizer")) {
                    int length = entry.equals(RESOURCES) ? Integer.MAX_VALUE : entry.length();
                    if (length > bestLength) {
                        best = i;
                        bestLength = length;
                    }
                }
            }
        }
        if (best < 0) {
            unplaced.add(pkg);
        }
        return best;
    }

    private static String describe(int layer) {
        return layer < 0 ? "no layer" : "layer " + layer + ": " + String.join(", ", LAYERS.get(layer));
    }

    /** dev.normalizer.patient.read.X → dev.normalizer.patient; dev.normalizer.Application → dev.normalizer. */
    private static String module(String className) {
        String[] parts = packageOf(className).split("\\.");
        return parts.length <= 2 ? String.join(".", parts) : parts[0] + "." + parts[1] + "." + parts[2];
    }

    private static boolean isJavaMigration(String className) {
        return packageOf(className).equals(JAVA_MIGRATIONS);
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /** dev/normalizer/migration/Rollback$Result → dev.normalizer.migration.Rollback. */
    private static String topLevel(String binaryName) {
        String name = binaryName.replace('/', '.');
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    /** The names of our classes in the class file's constant pool: class entries, descriptors, signatures. */
    private static Set<String> classNames(Path classFile) throws IOException {
        Set<String> names = new TreeSet<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(classFile)))) {
            in.readInt(); // magic
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            int entries = in.readUnsignedShort();
            for (int i = 1; i < entries; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        Matcher m = CLASS_NAME.matcher(in.readUTF());
                        while (m.find()) {
                            names.add(m.group());
                        }
                    }
                    case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++; // a long or a double takes two entries
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
                }
            }
        }
        return names;
    }
}
