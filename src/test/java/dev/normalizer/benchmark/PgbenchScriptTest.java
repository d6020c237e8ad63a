package dev.normalizer.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.normalizer.benchmark.ReaderStatements.Statement;
import dev.normalizer.readpath.ReadPath;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pgbench arms run what the service runs: the production readers' statements, with each parameter passed as a
 * pgbench variable. (What they measure is the benchmark's business; no test times anything.)
 */
class PgbenchScriptTest {

    @ParameterizedTest
    @EnumSource(ReadPath.class)
    void aReadByIdIsTheReadersOneStatementWithTheTenantAndTheIdAsVariables(ReadPath path) {
        List<Statement> statements = ReaderStatements.byId(path);
        assertEquals(1, statements.size(), statements.toString());
        assertEquals(List.of(ReaderStatements.SENTINEL_TENANT, ReaderStatements.SENTINEL_ID),
                statements.get(0).params());

        String script = PgbenchScript.byId(List.of(11L, 22L, 33L), statements);
        String sql = script.lines().filter(l -> !l.startsWith("\\")).findFirst().orElseThrow();
        assertEquals(statements.get(0).sql().replaceFirst("\\?", ":tenant").replaceFirst("\\?", ":id") + ";", sql);
        assertTrue(script.contains(path == ReadPath.LEGACY ? "FROM v_patients_legacy v" : "FROM patient_core c"),
                script);
    }

    @Test
    void theIdIsPickedFromTheListByARandomIndex() {
        String script = PgbenchScript.byId(List.of(11L, 22L, 33L), List.of());
        assertTrue(script.startsWith("\\set k random(0, 2)\n\\set id case when :k < 1 then 11 else case when :k < 2 "
                + "then 22 else 33 end end\n"), script);
    }

    @ParameterizedTest
    @EnumSource(ListFilter.class)
    void aListIsTheChoiceOfItsPageThenThePathsRecordsWithTheValueReadFromTheBenchSchema(ListFilter filter) {
        for (ReadPath path : ReadPath.values()) {
            List<Statement> statements = ReaderStatements.list(filter, path);
            assertEquals(2, statements.size(), "the total and the page's ids, then its records: " + statements);
            assertTrue(statements.get(0).sql().startsWith("SELECT (SELECT count(*) FROM patient_core"),
                    statements.toString());

            String script = PgbenchScript.list(filter, 7, statements);
            assertTrue(script.startsWith("\\set n random(1, 7)\nSELECT value FROM bench.list_values WHERE filter = '"
                    + filter.name() + "' AND n = :n \\gset\n"), script);
            assertTrue(script.contains(filter.column() + (filter == ListFilter.SURNAME ? "_key = lower(:value)"
                    : " = :value")), script);
            assertTrue(script.contains("LIMIT :p1 OFFSET :p2) \\gset chosen_\n") && script.contains("\\set p1 50\n"),
                    script);
            assertTrue(script.contains("id = ANY ((SELECT :chosen_array::bigint[])::bigint[]) ORDER BY"), script);
            assertTrue(script.contains(path == ReadPath.LEGACY ? "FROM v_patients_legacy v" : "FROM patient_core c"),
                    script);
            assertFalse(script.contains("?"), script);
        }
    }
}
