package dev.normalizer.testsupport;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The properties of the service's configuration mappings: every interface of {@code src/main/java} annotated with
 * {@code @ConfigMapping}, and its properties as SmallRye Config itself names them (prefix, nested groups, kebab case,
 * {@code @WithName}), so that a test sees what the service reads, not what a second parser thinks it reads.
 */
public final class MappedProperties {

    private static final Path SOURCES = Path.of("src/main/java");

    private MappedProperties() {
    }

    /** One property: its full name, the mapping that declares it, and its {@code @WithDefault}, if it has one. */
    public record Mapped(String name, Class<?> mapping, Optional<String> withDefault) {

        /** The environment variable that sets it. */
        public String variable() {
            return environmentVariable(name);
        }
    }

    /** A property's environment variable, as MicroProfile Config looks it up: . and - as _, upper case. */
    public static String environmentVariable(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The interfaces annotated with {@code @ConfigMapping} in the service's sources, by name. */
    public static List<Class<?>> mappings() throws IOException {
        List<Class<?>> mappings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                if (Files.readString(file).contains("@ConfigMapping(")) {
                    String name = SOURCES.relativize(file).toString().replaceAll("\\.java$", "")
                            .replace(file.getFileSystem().getSeparator(), ".");
                    try {
                        mappings.add(Class.forName(name, false, MappedProperties.class.getClassLoader()));
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(name + " is in the sources but not compiled", e);
                    }
                }
            }
        }
        return mappings;
    }

    /** Every property of every mapping, by name. */
    public static List<Mapped> all() throws IOException {
        List<Mapped> all = new ArrayList<>();
        for (Class<?> mapping : mappings()) {
            ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
            if (annotation == null) {
                throw new IllegalStateException(mapping + " mentions @ConfigMapping but is not annotated with it");
            }
            Map<String, Property> properties = ConfigMappings.getProperties(
                    ConfigMappings.ConfigClass.configClass(mapping, annotation.prefix()));
            properties.forEach((name, property) -> {
                if (!property.isGroup()) {
                    all.add(new Mapped(name, mapping, property.hasDefaultValue()
                            ? Optional.ofNullable(property.getDefaultValue()) : Optional.empty()));
                }
            });
        }
        all.sort(Comparator.comparing(Mapped::name));
        return all;
    }

    /** The names of every mapped property. */
    public static List<String> names() throws IOException {
        return all().stream().map(Mapped::name).toList();
    }
}
