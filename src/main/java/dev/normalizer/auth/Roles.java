package dev.normalizer.auth;

import java.util.Set;

/**
 * The roles a token can carry in its {@code groups} claim, named once for {@code @RolesAllowed} and the checks. With
 * authentication switched off every caller has all of them.
 */
public final class Roles {

    /** Reads and writes patients and customers. */
    public static final String CLINICIAN = "clinician";
    /** Everything a clinician may do, and privacy requests. */
    public static final String ADMIN = "admin";
    /** The data-protection officer: privacy requests (access, erasure). */
    public static final String DPO = "dpo";

    public static final Set<String> ALL = Set.of(CLINICIAN, ADMIN, DPO);

    private Roles() {
    }
}
