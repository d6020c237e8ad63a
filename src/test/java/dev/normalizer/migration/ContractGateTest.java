package dev.normalizer.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** By default the service stops at the last expand migration: the legacy customer columns stay. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ContractGateTest {

    @Test
    void contractMigrationIsNotAppliedByDefault() {
        assertEquals(ContractMigrations.LAST_EXPAND_VERSION, Sql.value("SELECT max(version::int)::text "
                + "FROM flyway_schema_history WHERE success AND version IS NOT NULL"));
        assertEquals(1L, Sql.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' "
                + "AND column_name = 'medical_conditions'"));
    }
}
