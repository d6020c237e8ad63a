package dev.normalizer.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh legacy database (schema and fixture) for a service whose test breaks data on purpose. */
public class ScratchDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static final AtomicInteger STARTS = new AtomicInteger();

    @Override
    public Map<String, String> start() {
        String db = TestDatabase.createLegacyDatabase("scratch_" + STARTS.incrementAndGet());
        return Map.of(
                "quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(db),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        // The database goes with the per-run server.
    }
}
