package dev.normalizer.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A fresh legacy database (schema and fixture) for a service whose test breaks data on purpose. */
public class ScratchDatabaseResource implements QuarkusTestResourceLifecycleManager {


    @Override
    public Map<String, String> start() {
        String db = TestDatabase.createLegacyDatabase(TestDatabase.uniqueName("scratch"));
        return TestDatabase.serviceConfig(db);
    }

    @Override
    public void stop() {
        // The database goes with the per-run server.
    }
}
