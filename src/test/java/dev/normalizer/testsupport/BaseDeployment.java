package dev.normalizer.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the service's container in {@code deploy/base/deployment.yaml} is given, for tests that hold to it. */
public final class BaseDeployment {

    static final Path FILE = Path.of("deploy/base/deployment.yaml");

    private BaseDeployment() {
    }

    /** The container's memory limit, in MiB. */
    public static long memoryLimitMib() throws IOException {
        String limit = container().at("/resources/limits/memory").asText();
        Matcher mib = Pattern.compile("(\\d+)(Mi|Gi)").matcher(limit);
        if (!mib.matches()) {
            throw new IllegalStateException("no memory limit in Mi or Gi in " + FILE + ": '" + limit + "'");
        }
        return Long.parseLong(mib.group(1)) * (mib.group(2).equals("Gi") ? 1024 : 1);
    }

    /** How long Kubernetes waits for an answer to {@code probe} (livenessProbe, say) before it counts a failure. */
    public static Duration probeTimeout(String probe) throws IOException {
        JsonNode timeout = container().path(probe).path("timeoutSeconds");
        if (!timeout.canConvertToInt() || timeout.asInt() < 1) {
            throw new IllegalStateException("no " + probe + ".timeoutSeconds in " + FILE);
        }
        return Duration.ofSeconds(timeout.asInt());
    }

    private static JsonNode container() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile()).at("/spec/template/spec/containers/0");
    }
}
