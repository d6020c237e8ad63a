package dev.normalizer.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the service under test at the per-run embedded PostgreSQL and its legacy database. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestDatabase.serviceConfig(TestDatabase.SERVICE_DB);
    }

    @Override
    public void stop() {
        // The server outlives a single Quarkus application: other test classes reuse it.
    }
}
