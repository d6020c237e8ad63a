package dev.normalizer.migration;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import jakarta.enterprise.context.ApplicationScoped;
import picocli.CommandLine;

/** Lets picocli take its commands from CDI, so that they get the datasource, Flyway and the integrity suite. */
@ApplicationScoped
public class CdiCommandFactory implements CommandLine.IFactory {

    @Override
    public <K> K create(Class<K> type) throws Exception {
        InstanceHandle<K> bean = Arc.container().instance(type);
        return bean.isAvailable() ? bean.get() : CommandLine.defaultFactory().create(type);
    }
}
