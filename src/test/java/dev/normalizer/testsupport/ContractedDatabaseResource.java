package dev.normalizer.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A legacy database of its own for a service that runs the contract migrations, which cannot be undone. */
public class ContractedDatabaseResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String db = TestDatabase.createLegacyDatabase("contracted");
        return Map.of(
                "quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(db),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "normalizer.contract-migrations.enabled", "true");
    }

    @Override
    public void stop() {
        // The database goes with the per-run server.
    }
}
