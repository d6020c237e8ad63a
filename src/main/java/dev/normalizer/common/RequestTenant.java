package dev.normalizer.common;

/**
 * The tenant the current request acts for, as the code below {@code auth} sees it. {@code auth.Caller} is the one
 * implementation; this interface lets {@link RecordIds} scope its lookups without importing {@code auth}, which sits
 * above {@code common}.
 */
public interface RequestTenant {

    /** The tenant every query of this request is scoped to; a 400 problem when the request names none. */
    int tenantId();
}
