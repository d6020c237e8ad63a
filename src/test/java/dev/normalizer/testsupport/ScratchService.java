package dev.normalizer.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The service on a scratch copy of the legacy fixture ({@link ScratchDatabaseResource}), for test classes that write
 * or break rows the shared fixture's classes would see. The classes of this profile share one application and one
 * database, one after the other in class-name order, so each must leave alone what another relies on. The integrity
 * suite runs only when a test runs it. A class that needs a database nobody else touches subclasses this profile: a
 * profile of its own is an application, and a database, of its own.
 */
public class ScratchService implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("integrity.interval", "0");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ScratchDatabaseResource.class));
    }
}
