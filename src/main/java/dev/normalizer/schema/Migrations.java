package dev.normalizer.schema;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.scanner.Scanner;

/**
 * The versioned migrations the service ships, found the way Flyway finds them, so that a new migration needs no
 * list kept by hand: the contract gate and the down scripts are derived from this. Expand migrations have versions
 * below {@value #FIRST_CONTRACT_VERSION}; contract migrations ({@code db/contract}) start there. Versions are whole
 * numbers, which Rollback and the gate count on.
 */
public final class Migrations {

    /** Contract migrations (db/contract) start here; they drop data and cannot be undone. */
    public static final int FIRST_CONTRACT_VERSION = 1000;

    private final SortedMap<Integer, String> names;

    private Migrations(SortedMap<Integer, String> names) {
        this.names = Collections.unmodifiableSortedMap(names);
    }

    /**
     * The migrations of this Flyway configuration's locations, SQL and Java. Quarkus hands Flyway the resources and
     * classes it indexed at build time (they are set before any customizer runs); a configuration without them (a
     * plain Flyway, as in the tests) is scanned with Flyway's own scanner, as Flyway itself would.
     */
    public static Migrations of(Configuration configuration) {
        ResourceProvider resources = configuration.getResourceProvider();
        ClassProvider<JavaMigration> classes = configuration.getJavaMigrationClassProvider();
        if (resources == null || classes == null) {
            Scanner<JavaMigration> scanner = new Scanner<>(JavaMigration.class, configuration,
                    configuration.getLocations());
            resources = resources == null ? scanner : resources;
            classes = classes == null ? scanner : classes;
        }
        String prefix = configuration.getSqlMigrationPrefix();
        String separator = configuration.getSqlMigrationSeparator();
        SortedMap<Integer, String> names = new TreeMap<>();
        for (LoadableResource script : resources.getResources(prefix, configuration.getSqlMigrationSuffixes())) {
            String file = script.getFilename();
            add(names, file.substring(0, file.lastIndexOf('.')), prefix, separator);
        }
        for (Class<? extends JavaMigration> migration : classes.getClasses()) {
            if (migration.getSimpleName().startsWith(prefix) && migration.getSimpleName().contains(separator)) {
                add(names, migration.getSimpleName(), prefix, separator);
            }
        }
        return new Migrations(names);
    }

    private static void add(SortedMap<Integer, String> names, String name, String prefix, String separator) {
        int end = name.indexOf(separator);
        if (end < 0) {
            return;
        }
        int version;
        try {
            version = Integer.parseInt(name.substring(prefix.length(), end));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("migration " + name + ": versions are whole numbers here", e);
        }
        String other = names.put(version, name);
        if (other != null && !other.equals(name)) {
            throw new IllegalStateException("two migrations have version " + version + ": " + other + ", " + name);
        }
    }

    /** Expand and contract: version → name without extension, {@code V10__patient_surname_search}. */
    public SortedMap<Integer, String> all() {
        return names;
    }

    /** The expand migrations: every version below {@value #FIRST_CONTRACT_VERSION}, baseline included. */
    public SortedMap<Integer, String> expand() {
        return names.headMap(FIRST_CONTRACT_VERSION);
    }

    /** The newest expand migration, where Flyway stops while the contract step is held back. */
    public String lastExpandVersion() {
        if (expand().isEmpty()) {
            throw new IllegalStateException("no expand migration in the Flyway locations");
        }
        return Integer.toString(expand().lastKey());
    }
}
