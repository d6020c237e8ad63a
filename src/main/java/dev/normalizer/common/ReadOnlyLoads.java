package dev.normalizer.common;

import io.quarkus.hibernate.orm.panache.Panache;
import java.util.function.Supplier;
import org.hibernate.Session;

/**
 * Loads entities only to read them: what Hibernate loads meanwhile (the entities of a query and the collections it
 * initializes) is read-only, so it keeps no snapshot of them and the flush at commit skips their dirty check.
 * Entities the transaction had loaded before stay writable, so a write's read-back is safe too.
 */
public final class ReadOnlyLoads {

    private ReadOnlyLoads() {
    }

    public static <T> T during(Supplier<T> read) {
        Session session = Panache.getEntityManager().unwrap(Session.class);
        boolean before = session.isDefaultReadOnly();
        session.setDefaultReadOnly(true);
        try {
            return read.get();
        } finally {
            session.setDefaultReadOnly(before);
        }
    }
}
