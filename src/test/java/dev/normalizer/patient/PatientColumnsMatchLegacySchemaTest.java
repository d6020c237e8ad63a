package dev.normalizer.patient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.patient.columns.PatientColumn;
import dev.normalizer.patient.columns.PatientColumns;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The column catalog that drives both read paths matches the legacy table, name by name and type by type. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PatientColumnsMatchLegacySchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {"patients_flat", "v_patients_legacy"})
    void catalogListsThe185LegacyColumnsInOrderWithTheirTypes(String relation) {
        List<Object> live = Sql.column("SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) "
                + "FROM pg_attribute a WHERE a.attrelid = ?::regclass AND a.attnum > 0 "
                + "AND NOT a.attisdropped ORDER BY a.attnum", relation);
        List<String> catalog = PatientColumns.ALL.stream().map(c -> c.name() + " " + c.type().sqlName()).toList();
        assertEquals(185, catalog.size());
        assertEquals(live, catalog);
    }

    /** The API document says which keys can be null from the catalog; the legacy table's NOT NULL decides. */
    @Test
    void catalogKnowsWhichColumnsCanBeNull() {
        List<Object> notNull = Sql.column("SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = "
                + "'patients_flat'::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull ORDER BY a.attnum");
        List<String> catalog = PatientColumns.ALL.stream().filter(c -> !c.nullable()).map(PatientColumn::name)
                .toList();
        assertEquals(notNull, catalog);
    }

    @Test
    void apiKeysAreTheColumnNamesInLowerCamelCase() {
        assertEquals("prev1AddressLine1", key("prev1_address_line1"));
        assertEquals("nextOfKinName", key("next_of_kin_name"));
        assertEquals("allergy1Severity", key("allergy1_severity"));
        assertEquals(185, PatientColumns.ALL.stream().map(PatientColumn::key).distinct().count());
    }

    private static String key(String name) {
        return PatientColumns.ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().key();
    }
}
