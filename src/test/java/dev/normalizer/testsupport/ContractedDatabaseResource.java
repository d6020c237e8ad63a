package dev.normalizer.testsupport;

import java.util.HashMap;
import java.util.Map;

/** A legacy database of its own for a service that runs the contract migrations, which cannot be undone. */
public class ContractedDatabaseResource extends ScratchDatabaseResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("normalizer.contract-migrations.enabled", "true");
        return config;
    }
}
