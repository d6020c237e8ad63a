package dev.normalizer.patient.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.common.Jdbc;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.migration.MigrationDb;
import dev.normalizer.patient.PatientFilter;
import dev.normalizer.patient.PatientRecord;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.BesideQuarkusTests;
import dev.normalizer.testsupport.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A list page's records are read by a statement that PostgreSQL plans once per connection, not at every page: on
 * the legacy path, planning a page of one patient cost ten times its execution (docs/benchmarks.md). The readers run
 * as the service runs them, on its {@link Jdbc}, through the driver's server-side prepared statements, on a pool of
 * one connection of the service's role: pages of one patient (MRN lists, where PostgreSQL kept planning again), then
 * pages of many. The connection's prepared statement then says how often it was planned generically, and how often
 * for its values.
 */
@BesideQuarkusTests
class PatientPagePlanTest {

    private static final int PAGES = 15;
    private static String db;

    @BeforeAll
    static void migratedDatabase() {
        db = MigrationDb.legacyDatabase();
        MigrationDb.migrate(db, MigrationDb.LAST_EXPAND_VERSION);
    }

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aPagesRecordsArePlannedOnceNotForEachPage(ReadPath path) throws SQLException {
        try (AgroalDataSource oneConnection = oneConnectionAsTenant1()) {
            Jdbc jdbc = new Jdbc(oneConnection);
            RestrictedRecords serve = () -> RestrictedRecords.Mode.SERVE;
            SqlPatientReader reader = path == ReadPath.LEGACY ? new LegacyPatientReader(jdbc, serve)
                    : new NormalizedPatientReader(jdbc, new ObjectMapper(), serve);
            List<String> mrns = jdbc.select("SELECT mrn FROM patient_core WHERE mrn IS NOT NULL AND erased_at IS NULL "
                    + "GROUP BY mrn HAVING count(*) = 1 ORDER BY mrn LIMIT " + PAGES, List.of(),
                    row -> row.getString(1));
            for (String mrn : mrns) {
                List<PatientRecord> page = reader.list(1, new PatientFilter(null, null, null, mrn),
                        new PageRequest(0, 50)).items();
                assertEquals(1, page.size(), "the patient of " + mrn);
            }
            for (int page = 0; page < 3; page++) {
                assertTrue(reader.list(1, new PatientFilter(null, null, null, null), new PageRequest(page, 50))
                        .items().size() > 1, "a page of many patients");
            }

            long[] plans = jdbc.select("SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                    + "WHERE statement LIKE '%ORDER BY _.id'", List.of(),
                    row -> new long[] {row.getLong(1), row.getLong(2)}).get(0);
            // PostgreSQL plans a prepared statement for its values five times before it weighs a generic plan; the
            // driver prepares it on the server from its fifth run on.
            assertTrue(plans[1] <= 5 && plans[0] > plans[1], "the records' statement was planned generically "
                    + plans[0] + " times and for its values " + plans[1] + " times, in " + (PAGES + 3) + " pages");
        }
    }

    /** A pool of one connection of the service's role, scoped to tenant 1 for its session. */
    private static AgroalDataSource oneConnectionAsTenant1() throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(
                pool -> pool.minSize(1).maxSize(1).connectionFactoryConfiguration(connection -> connection
                        .jdbcUrl(TestDatabase.jdbcUrl(db))
                        .principal(new NamePrincipal(EmbeddedDatabase.APP_ROLE))
                        .credential(new SimplePassword(EmbeddedDatabase.APP_PASSWORD))
                        .initialSql("SELECT set_config('app.tenant_id', '1', false)"))));
    }
}
