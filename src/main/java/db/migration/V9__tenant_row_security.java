package db.migration;

/** V9__tenant_row_security: src/main/resources/db/expand/V9__tenant_row_security.sql, run under {@link ShortLocks}. */
public class V9__tenant_row_security extends ShortLockedScript {
}
