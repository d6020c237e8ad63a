package dev.normalizer.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * The record a path {@code {id}} names: a numeric id, or a public id of the right kind ({@code pat_...} on
 * /api/patients). A public id is looked up among the caller's tenant's rows, in a transaction of its own (which
 * row-level security, V9, scopes as well): another tenant's record is a 404 that names only the id given, whichever
 * id names it.
 */
@ApplicationScoped
public class RecordIds {

    private final Jdbc jdbc;
    private final RequestTenant tenant;

    public RecordIds(Jdbc jdbc, RequestTenant tenant) {
        this.jdbc = jdbc;
        this.tenant = tenant;
    }

    /** The numeric id of a bigint-keyed record. */
    public long resolve(PublicId kind, String raw) {
        if (raw != null && raw.startsWith(kind.prefix())) {
            return byPublicId(kind, raw);
        }
        return Params.positive("id", raw, Long.MAX_VALUE, "must be a positive whole number ("
                + Params.PLAIN + ") or a public id (" + kind.prefix() + "...)");
    }

    /** The numeric id of an integer-keyed record (companies). */
    public int resolveInt(PublicId kind, String raw) {
        if (raw != null && raw.startsWith(kind.prefix())) {
            return Math.toIntExact(byPublicId(kind, raw));
        }
        return (int) Params.positive("id", raw, Integer.MAX_VALUE, "must be a positive whole number ("
                + Params.PLAIN + ") or a public id (" + kind.prefix() + "...)");
    }

    private long byPublicId(PublicId kind, String raw) {
        if (!kind.matches(raw)) {
            throw ProblemException.invalid("id", "is not a valid public id: " + kind.prefix()
                    + " followed by 24 lower-case letters and digits, the first a letter");
        }
        return lookUp(kind, raw).orElseThrow(() -> ProblemException.notFound(kind.noun(), raw));
    }

    @Transactional
    Optional<Long> lookUp(PublicId kind, String publicId) {
        return jdbc.select("SELECT id FROM " + kind.table() + " WHERE public_id = ? AND tenant_id = ?",
                List.of(publicId, tenant.tenantId()), row -> row.getLong(1)).stream().findFirst();
    }
}
