package dev.normalizer.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The record a path {@code {id}} names: a numeric id, or a public id of the right kind ({@code pat_...} on
 * /api/patients). A public id is looked up across tenants and the caller then reads the numeric id within its
 * tenant, so another tenant's record is a 404 whichever id names it.
 */
@ApplicationScoped
public class RecordIds {

    private final Jdbc jdbc;

    public RecordIds(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The numeric id of a bigint-keyed record. */
    public long resolve(PublicId kind, String raw) {
        if (raw != null && raw.startsWith(kind.prefix())) {
            return byPublicId(kind, raw);
        }
        return Params.positive("id", raw, Long.MAX_VALUE, "must be a positive whole number or a public id ("
                + kind.prefix() + "...)");
    }

    /** The numeric id of an integer-keyed record (companies). */
    public int resolveInt(PublicId kind, String raw) {
        if (raw != null && raw.startsWith(kind.prefix())) {
            return Math.toIntExact(byPublicId(kind, raw));
        }
        return (int) Params.positive("id", raw, Integer.MAX_VALUE, "must be a positive whole number or a public id ("
                + kind.prefix() + "...)");
    }

    private long byPublicId(PublicId kind, String raw) {
        if (!kind.matches(raw)) {
            throw ProblemException.invalid("id", "is not a valid public id: " + kind.prefix()
                    + " followed by 24 lower-case letters and digits, the first a letter");
        }
        return jdbc.select("SELECT id FROM " + kind.table() + " WHERE public_id = ?", List.of(raw),
                row -> row.getLong(1)).stream().findFirst()
                .orElseThrow(() -> ProblemException.notFound(kind.noun(), raw));
    }
}
