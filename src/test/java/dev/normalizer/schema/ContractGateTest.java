package dev.normalizer.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.migration.MigrationDb;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * By default the service stops at the last expand migration, which it finds among the migrations it ships (the
 * newest in the source tree here): the legacy customer columns stay.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ContractGateTest {

    @Test
    void contractMigrationIsNotAppliedByDefault() {
        assertEquals(MigrationDb.LAST_EXPAND_VERSION, Sql.value("SELECT max(version::int)::text "
                + "FROM flyway_schema_history WHERE success AND version IS NOT NULL"));
        assertEquals(1L, Sql.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' "
                + "AND column_name = 'medical_conditions'"));
    }
}
