package dev.normalizer.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.normalizer.testsupport.BaseDeployment;
import dev.normalizer.testsupport.MappedProperties;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.ServiceJvm;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests of {@code deploy/} and the image of {@code src/main/docker/Dockerfile.jvm}, checked
 * against the running service. Each overlay is rendered with {@code kustomize build} (or {@code kubectl kustomize},
 * which embeds it) when either is on the PATH; without them the checks run on the parsed base files alone, and
 * the rendering test says so as its reason for being skipped.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String APP = "schema-normalizer";
    /** Each directory as kustomize rendered it. */
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();
    private static final Pattern PROPERTY_LITERAL = Pattern.compile("\"([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+)\"");

    @Test
    void everyYamlFileParsesAndNamesWhatItIs() throws IOException {
        List<Path> files = yamlFiles();
        assertTrue(files.size() >= 10, "the manifests: " + files);
        for (Path file : files) {
            for (JsonNode document : parse(Files.readString(file))) {
                String where = file + ": " + document.path("kind").asText("(no kind)");
                assertFalse(document.path("apiVersion").asText().isEmpty(), where + " has no apiVersion");
                assertFalse(document.path("kind").asText().isEmpty(), where + " has no kind");
                if (!document.path("kind").asText().equals("Kustomization")) {
                    assertFalse(document.path("metadata").path("name").asText().isEmpty(), where + " has no name");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void eachKustomizationBuilds(String dir) throws Exception {
        String[] tool = kustomize();
        assumeTrue(tool != null, "neither kustomize nor kubectl is on the PATH: the manifests were only parsed");
        assertEquals(1, deployments(documents(dir)).size(), dir + " renders one Deployment of the service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyProbeIsAHealthEndpointOfTheServiceThatAnswersUp(String overlay) throws Exception {
        JsonNode container = serviceContainer(documents(overlay));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            String path = get.path("path").asText();
            assertTrue(path.startsWith("/q/health/"), probe + " " + path + " is not a SmallRye Health endpoint");
            assertEquals(httpPort(), containerPort(container, get.path("port")), probe + " probes another port");
            given().get(path).then().statusCode(200).body("status", equalTo("UP"));
        }
        assertEquals("/q/health/started", container.path("startupProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyEnvironmentVariableIsOneTheServiceReads(String overlay) throws Exception {
        Set<String> read = variablesTheServiceReads();
        List<JsonNode> documents = documents(overlay);
        JsonNode container = serviceContainer(documents);
        Set<String> set = new TreeSet<>();
        container.path("env").forEach(variable -> set.add(variable.path("name").asText()));
        for (JsonNode source : container.path("envFrom")) {
            String name = source.path("configMapRef").path("name").asText();
            JsonNode configMap = documents.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")
                    && d.path("metadata").path("name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("envFrom names a ConfigMap that is not there: " + name));
            configMap.path("data").fieldNames().forEachRemaining(set::add);
        }
        assertTrue(set.containsAll(List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_FLYWAY_USERNAME", "UNLEASH_URL", "MP_JWT_VERIFY_PUBLICKEY_LOCATION")), "set: " + set);
        Set<String> unknown = new TreeSet<>(set);
        unknown.removeAll(read);
        assertEquals(Set.of(), unknown, "variables the service does not read");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void theImageTheContainerAndTheServiceUseTheHttpPort(String overlay) throws Exception {
        int port = httpPort();
        List<JsonNode> documents = documents(overlay);
        JsonNode container = serviceContainer(documents);
        assertEquals(port, container.path("ports").get(0).path("containerPort").asInt());
        Matcher expose = Pattern.compile("(?m)^EXPOSE (\\d+)$")
                .matcher(Files.readString(Path.of("src/main/docker/Dockerfile.jvm")));
        assertTrue(expose.find(), "Dockerfile.jvm exposes no port");
        assertEquals(port, Integer.parseInt(expose.group(1)));
        JsonNode service = only(documents, "Service", APP);
        assertEquals(port, containerPort(container, service.path("spec").path("ports").get(0).path("targetPort")));
    }

    /**
     * The image starts from the AOT cache its training stage writes, with the heap a share of the container's limit:
     * the start the benchmark measures (testsupport/ServiceJvm reads the same ENTRYPOINT).
     */
    @Test
    void theImageStartsFromItsTrainedAotCacheWithAHeapSizedForTheContainer() throws Exception {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        List<String> options = ServiceJvm.entrypointOptions(dockerfile);
        assertTrue(options.contains("-XX:AOTCache=/deployments/app.aot"), "options: " + options);
        assertTrue(options.stream().anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage=")), "options: " + options);
        assertTrue(dockerfile.contains("RUN bash /training/aot-training.sh java /deployments /tmp/app.aot"),
                "the training stage runs the training script with the image's java in /deployments");
        assertTrue(dockerfile.contains("COPY --from=training --chown=185 /tmp/app.aot /deployments/app.aot"));
        assertTrue(Files.isExecutable(Path.of("src/main/docker/aot-training.sh")));
        assertTrue(BaseDeployment.memoryLimitMib() >= 256, "a limit the heap and the rest fit in");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void thePodsRunLockedDownAndTheSelectorsFindThem(String overlay) throws Exception {
        List<JsonNode> documents = documents(overlay);
        JsonNode pod = deployments(documents).get(0).path("spec").path("template");
        JsonNode container = serviceContainer(documents);
        assertTrue(pod.path("spec").path("securityContext").path("runAsNonRoot").asBoolean());
        assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertFalse(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true));
        assertFalse(container.path("resources").path("requests").isMissingNode());
        assertFalse(container.path("resources").path("limits").isMissingNode());
        JsonNode labels = pod.path("metadata").path("labels");
        if (kustomize() != null) {
            assertSelects(only(documents, "Service", APP).path("spec").path("selector"), labels);
            assertSelects(only(documents, "PodDisruptionBudget", APP).path("spec").path("selector")
                    .path("matchLabels"), labels);
        }
    }

    private static void assertSelects(JsonNode selector, JsonNode labels) {
        assertTrue(selector.size() > 0, "an empty selector");
        selector.fields().forEachRemaining(label -> assertEquals(label.getValue().asText(),
                labels.path(label.getKey()).asText(), "the pods lack the selector's label " + label.getKey()));
    }

    /**
     * Every property the running service has a value for, from any source but the environment, plus every
     * property of its configuration mappings and every property name that its code looks up, as MicroProfile Config
     * spells them as environment variables ({@code shadow.sample-rate} is {@code SHADOW_SAMPLE_RATE}).
     */
    private static Set<String> variablesTheServiceReads() throws IOException {
        Set<String> properties = new TreeSet<>();
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        for (ConfigSource source : config.getConfigSources()) {
            if (!source.getName().startsWith("EnvConfigSource")) {
                properties.addAll(source.getPropertyNames());
            }
        }
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher literal = PROPERTY_LITERAL.matcher(Files.readString(file));
                while (literal.find()) {
                    properties.add(literal.group(1));
                }
            }
        }
        properties.addAll(MappedProperties.names());
        Set<String> variables = new TreeSet<>();
        for (String property : properties) {
            String name = property.startsWith("%") ? property.substring(property.indexOf('.') + 1) : property;
            variables.add(name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
        }
        return variables;
    }

    /** The port the packaged service listens on: application.properties' (a test listens on a random one). */
    private static int httpPort() {
        for (ConfigSource source : ConfigProvider.getConfig().getConfigSources()) {
            if (source.getName().contains("application.properties") && source.getValue("quarkus.http.port") != null) {
                return Integer.parseInt(source.getValue("quarkus.http.port"));
            }
        }
        throw new AssertionError("application.properties sets no quarkus.http.port");
    }

    /** A port as a probe or a Service names it: a number, or the name of one of the container's ports. */
    private static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode declared : container.path("ports")) {
            if (declared.path("name").asText().equals(port.asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + port);
    }

    private static JsonNode serviceContainer(List<JsonNode> documents) {
        for (JsonNode container : deployments(documents).get(0).path("spec").path("template").path("spec")
                .path("containers")) {
            if (container.path("name").asText().equals(APP)) {
                return container;
            }
        }
        throw new AssertionError("no container " + APP);
    }

    private static List<JsonNode> deployments(List<JsonNode> documents) {
        return documents.stream().filter(d -> d.path("kind").asText().equals("Deployment")
                && d.path("metadata").path("name").asText().equals(APP)).toList();
    }

    private static JsonNode only(List<JsonNode> documents, String kind, String name) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElse(MissingNode.getInstance());
    }

    /**
     * The overlay as kustomize renders it (once per test run), or, without kustomize, the base's own files as they
     * are.
     */
    private static List<JsonNode> documents(String overlay) throws Exception {
        String[] tool = kustomize();
        if (tool != null) {
            List<JsonNode> rendered = RENDERED.get(overlay);
            if (rendered == null) {
                rendered = render(tool, overlay);
                RENDERED.put(overlay, rendered);
            }
            return rendered;
        }
        List<JsonNode> documents = new ArrayList<>();
        for (Path file : yamlFiles()) {
            if (file.startsWith(DEPLOY.resolve("base"))) {
                documents.addAll(parse(Files.readString(file)));
            }
        }
        return documents;
    }

    private static List<JsonNode> render(String[] tool, String dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool));
        command.add(DEPLOY.resolve(dir).toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + " failed:\n" + output);
        return parse(output);
    }

    /** {@code kustomize build}, else {@code kubectl kustomize}, else null. */
    private static String[] kustomize() {
        if (onPath("kustomize")) {
            return new String[] {"kustomize", "build"};
        }
        return onPath("kubectl") ? new String[] {"kubectl", "kustomize"} : null;
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }
}
