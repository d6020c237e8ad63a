package dev.normalizer.reads;

import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.readpath.ReadPath;
import java.util.Optional;

/**
 * The one reader contract: one kind of record, read through one read path. Every kind has two readers, the legacy
 * one and the normalized one, which answer the same API record for the same row; {@link Reads} picks one per request.
 * A reader never looks at the flag or at the request: the tenant comes in as a parameter, so the shadow comparison can
 * run the normalized reader off the request, on its own thread.
 *
 * @param <R> the API record
 * @param <F> what a list of them is filtered by (for records listed under an owner, the owner's id)
 */
public interface Reader<R, F> {

    /** The kind this reader reads, by which {@link Reads} finds it. */
    ReadKind<R, F> kind();

    /** The path this reader reads: the legacy columns and view, or the normalized tables. */
    ReadPath path();

    /**
     * The record of this tenant with this id; empty when there is none, or when it is not served (erased, or restricted
     * while restricted records are hidden).
     */
    Optional<R> find(int tenantId, long id);

    /** The tenant's served records that the filter keeps, one page of them, by id ascending. */
    Page<R> list(int tenantId, F filter, PageRequest page);
}
