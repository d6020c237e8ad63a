package dev.normalizer.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Whether ordinary reads and writes serve the patients and customers whose processing is restricted
 * ({@code gdpr_restricted}): the legacy application served them, flag included, so by default they still are, on
 * both paths, until a data protection officer decides otherwise. Erased subjects are never served.
 */
@ConfigMapping(prefix = "restricted")
public interface RestrictedRecords {

    enum Mode {
        /** Restricted records are served as the legacy table held them. */
        SERVE,
        /** Restricted records answer 404 and are left out of pages. */
        HIDE
    }

    /** {@code RESTRICTED_RECORDS}: {@code serve} or {@code hide}; anything else stops the start. */
    @WithName("records")
    @WithDefault("serve")
    Mode mode();

    /** The SQL condition that the row {@code alias} of {@code patient_core} or {@code customers} is served. */
    default String servedSql(String alias) {
        return mode() == Mode.HIDE ? "NOT " + alias + ".gdpr_restricted" : alias + ".erased_at IS NULL";
    }

    /** The same condition in JPQL, on the entity {@code alias} of {@code PatientCore} or {@code Customer}. */
    default String servedJpql(String alias) {
        return mode() == Mode.HIDE ? alias + ".gdprRestricted = false" : alias + ".erasedAt is null";
    }
}
