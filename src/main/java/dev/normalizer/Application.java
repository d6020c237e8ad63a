package dev.normalizer;

import dev.normalizer.common.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point: starts an embedded PostgreSQL when no external database is configured, then the service. */
@QuarkusMain
public final class Application {

    private Application() {
    }

    public static void main(String... args) {
        EmbeddedDatabase.startUnlessConfigured();
        Quarkus.run(args);
    }
}
