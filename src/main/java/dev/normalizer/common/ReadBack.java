package dev.normalizer.common;

import io.quarkus.hibernate.orm.panache.Panache;

/**
 * Before a write is read back for its answer: send it to the database and forget the session's copies, so the
 * answer comes from the database (with what its triggers and the legacy mirror did), on whichever read path.
 */
public final class ReadBack {

    private ReadBack() {
    }

    public static void flushAndClear() {
        Panache.getEntityManager().flush();
        Panache.getEntityManager().clear();
    }
}
