package dev.normalizer.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.shadow.ShadowConfig;
import dev.normalizer.testsupport.MappedProperties;
import dev.normalizer.testsupport.MappedProperties.Mapped;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.config.Names;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's table and the configuration the service reads cannot drift apart. Every property of a
 * {@code @ConfigMapping} has its row, whose default is the one the service starts with; every row names such a
 * property, a Quarkus property (as Quarkus' own configuration model names its variables), a MicroProfile JWT
 * property, or a variable the embedded PostgreSQL reads before Quarkus starts. Plain JUnit: SmallRye Config lists
 * the mappings' properties without a running service.
 */
class ConfigurationTableTest {

    private static final Path TABLE = Path.of("docs/configuration.md");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Pattern ROW = Pattern.compile("^\\|([^|]*)\\|([^|]*)\\|");
    private static final Pattern VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
    private static final Pattern LEADING_CODE_SPAN = Pattern.compile("^`([^`]*)`");

    /** A row of the table: the variables it names (one or several) and its default cell. */
    private record Row(List<String> variables, String defaultCell) {
    }

    @Test
    void everyMappedPropertyHasItsRow() throws IOException {
        Map<String, Row> rows = rowsByVariable();
        List<Mapped> mapped = MappedProperties.all();
        assertTrue(MappedProperties.mappings().containsAll(List.of(RestrictedRecords.class, ShadowConfig.class)),
                "the mappings were not found: " + MappedProperties.mappings());
        List<String> missing = mapped.stream().filter(p -> !rows.containsKey(p.variable()))
                .map(p -> p.variable() + " (" + p.name() + ", " + p.mapping().getSimpleName() + ")").toList();
        assertEquals(List.of(), missing, "mapped properties without a row in " + TABLE);
    }

    @Test
    void everyRowNamesAVariableTheServiceReads() throws IOException {
        Set<String> mapped = new TreeSet<>(MappedProperties.all().stream().map(Mapped::variable).toList());
        Set<String> quarkus = quarkusVariables();
        Set<String> jwt = microProfileJwtVariables();
        Set<String> embedded = Set.of(EmbeddedDatabase.DATA_DIR_ENV, EmbeddedDatabase.SAMPLE_ENV);
        assertTrue(quarkus.contains("QUARKUS_HTTP_PORT"), "Quarkus' configuration model was not found");
        List<String> unknown = new ArrayList<>();
        for (String variable : rowsByVariable().keySet()) {
            boolean known = variable.startsWith("QUARKUS_") ? quarkus.contains(variable)
                    : variable.startsWith("MP_JWT_") ? jwt.contains(variable)
                    : variable.startsWith("EMBEDDED_POSTGRES_") ? embedded.contains(variable)
                    : mapped.contains(variable);
            if (!known) {
                unknown.add(variable);
            }
        }
        assertEquals(List.of(), unknown, "rows of " + TABLE + " that name no property the service reads");
    }

    /**
     * A row's default is the value the service starts with, from application.properties (its own profile, not
     * {@code %dev} or {@code %test}) or the mapping's {@code @WithDefault}: a default cell that starts with a code span
     * states it; any other (unset, or a sentence on what the service then does) says that there is none.
     */
    @Test
    void everyRowStatesTheDefaultTheServiceStartsWith() throws IOException {
        Map<String, Row> rows = rowsByVariable();
        Properties application = applicationProperties();
        List<String> wrong = new ArrayList<>();
        for (Mapped property : MappedProperties.all()) {
            Row row = rows.get(property.variable());
            if (row == null) {
                continue; // everyMappedPropertyHasItsRow says so
            }
            Optional<String> actual = Optional.ofNullable(application.getProperty(property.name()))
                    .or(property::withDefault);
            Matcher stated = LEADING_CODE_SPAN.matcher(row.defaultCell());
            Optional<String> documented = stated.find() ? Optional.of(stated.group(1)) : Optional.empty();
            if (!documented.equals(actual)) {
                wrong.add(property.variable() + ": the table says " + documented.map(v -> "`" + v + "`").orElse(
                        "none (" + row.defaultCell() + ")") + ", the service has " + actual.orElse("none"));
            }
        }
        assertEquals(List.of(), wrong, "defaults in " + TABLE + " that are not the service's");
    }

    @Test
    void eachVariableHasOneRow() throws IOException {
        List<String> all = rows().stream().flatMap(row -> row.variables().stream()).toList();
        List<String> repeated = all.stream().filter(v -> Collections.frequency(all, v) > 1).distinct().toList();
        assertEquals(List.of(), repeated);
    }

    /** The rows of the table, the first of the page: the lines that start with a variable in a code span. */
    private static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (!row.find()) {
                continue;
            }
            List<String> variables = new ArrayList<>();
            Matcher variable = VARIABLE.matcher(row.group(1));
            while (variable.find()) {
                variables.add(variable.group(1));
            }
            if (!variables.isEmpty()) {
                rows.add(new Row(variables, row.group(2).strip()));
            }
        }
        assertTrue(rows.size() > 30, "the table of " + TABLE + " was not found: " + rows.size() + " rows");
        return rows;
    }

    private static Map<String, Row> rowsByVariable() throws IOException {
        Map<String, Row> byVariable = new LinkedHashMap<>();
        for (Row row : rows()) {
            row.variables().forEach(variable -> byVariable.put(variable, row));
        }
        return byVariable;
    }

    /** Every variable of every Quarkus extension on the classpath, from the configuration model each jar carries. */
    private static Set<String> quarkusVariables() throws IOException {
        Set<String> variables = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        for (URL model : Collections.list(ConfigurationTableTest.class.getClassLoader()
                .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"))) {
            try (InputStream in = model.openStream()) {
                for (JsonNode name : json.readTree(in).findValues("environmentVariable")) {
                    variables.add(name.asText());
                }
            }
        }
        return variables;
    }

    /** The MicroProfile JWT properties, which SmallRye JWT reads (MP_JWT_VERIFY_PUBLICKEY_LOCATION, ...). */
    private static Set<String> microProfileJwtVariables() {
        Set<String> variables = new TreeSet<>();
        for (Field field : Names.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    variables.add(MappedProperties.environmentVariable((String) field.get(null)));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return variables;
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(APPLICATION_PROPERTIES, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }
}
