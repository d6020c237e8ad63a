package dev.normalizer.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The java a {@link ServiceProcess} runs on, and its options.
 *
 * <p>{@link #image} is the container image's way of starting, read from the ENTRYPOINT of
 * {@code src/main/docker/Dockerfile.jvm}, so that the benchmark measures what the image runs and cannot drift from
 * it: the same options, the image's AOT cache replaced by one made here by the same training run
 * ({@code src/main/docker/aot-training.sh}) with the same java, and the memory limit of the Deployment in
 * {@code deploy/base} given to the JVM as {@code -XX:MaxRAM}, which is what it reads from the container's cgroup.
 */
public record ServiceJvm(Path java, List<String> options) {

    static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    private static final String IMAGE_CACHE = "-XX:AOTCache=";
    private static final Pattern ENTRYPOINT = Pattern.compile("^ENTRYPOINT\\s+(\\[.*?])\\s*$",
            Pattern.MULTILINE | Pattern.DOTALL);

    /** The test JVM's own java, without options: a start as {@code java -jar} on this machine. */
    public static ServiceJvm current() {
        return new ServiceJvm(Path.of(System.getProperty("java.home"), "bin", "java"), List.of());
    }

    /**
     * The image's start on {@code java}: its ENTRYPOINT's options, {@code aotCache} in place of the image's cache (or
     * none, when absent), and the container's memory limit.
     */
    public static ServiceJvm image(Path java, Optional<Path> aotCache) throws IOException {
        List<String> options = new ArrayList<>();
        for (String option : entrypointOptions(Files.readString(DOCKERFILE))) {
            if (option.startsWith(IMAGE_CACHE)) {
                aotCache.ifPresent(cache -> options.add(IMAGE_CACHE + cache.toAbsolutePath()));
            } else {
                options.add(option);
            }
        }
        options.add("-XX:MaxRAM=" + BaseDeployment.memoryLimitMib() + "m");
        return new ServiceJvm(java, List.copyOf(options));
    }

    /** The options between {@code java} and {@code -jar} of a Dockerfile's exec-form ENTRYPOINT. */
    public static List<String> entrypointOptions(String dockerfile) throws JsonProcessingException {
        Matcher m = ENTRYPOINT.matcher(dockerfile.replace("\\\n", " "));
        if (!m.find()) {
            throw new IllegalStateException("no exec-form ENTRYPOINT in " + DOCKERFILE);
        }
        List<String> words = Arrays.asList(new ObjectMapper().readValue(m.group(1), String[].class));
        int jar = words.indexOf("-jar");
        if (words.isEmpty() || !words.get(0).equals("java") || jar < 0) {
            throw new IllegalStateException("the ENTRYPOINT of " + DOCKERFILE + " is not java ... -jar: " + words);
        }
        return words.subList(1, jar);
    }
}
